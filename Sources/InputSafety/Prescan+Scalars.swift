/// The extent of plain, quoted and block scalars, as libyaml's `yaml_parser_scan_*_scalar` find it. Their content
/// is skipped, not kept.
extension Prescan {
    /// A plain scalar runs on over line breaks while the next line is indented more than the enclosing block.
    mutating func plainScalar() throws(Stop) {
        try saveSimpleKey()
        simpleKeyAllowed = false
        let minimumColumn = indent + 1
        var leadingBlanks = false
        while !atDocumentIndicator && !isCharacter("#") {
            if try plainScalarWord() { leadingBlanks = false }
            guard isBlank() || isBreak() else { break }
            try plainScalarBlanks(leadingBlanks: &leadingBlanks, minimumColumn: minimumColumn)
            if flowLevel == 0 && column < minimumColumn { break }
        }
        if leadingBlanks { simpleKeyAllowed = true }
    }

    /// Non-blank characters up to `: ` (or a flow indicator in a flow); true if there were any.
    private mutating func plainScalarWord() throws(Stop) -> Bool {
        var any = false
        while !isBlankOrEnd() {
            if flowLevel > 0 && isCharacter(":") && isOneOf(",?[]{}", at: 1) {
                throw stop("found an unexpected ':' in a plain scalar")
            }
            if (isCharacter(":") && isBlankOrEnd(at: 1)) || (flowLevel > 0 && isOneOf(",[]{}")) { break }
            any = true
            skip()
        }
        return any
    }

    /// Blanks and line breaks inside a plain scalar.
    private mutating func plainScalarBlanks(leadingBlanks: inout Bool, minimumColumn: Int) throws(Stop) {
        while isBlank() || isBreak() {
            if isBreak() {
                skipLineBreak()
                leadingBlanks = true
            } else if leadingBlanks && column < minimumColumn && isCharacter("\t") {
                throw stop("found a tab character that violates indentation")
            } else {
                skip()
            }
        }
    }

    /// A quoted scalar may span lines; `''` escapes a single quote, `\` the next character of a double-quoted one.
    mutating func quotedScalar(single: Bool) throws(Stop) {
        try saveSimpleKey()
        simpleKeyAllowed = false
        let quote: Character = single ? "'" : "\""
        let start = line
        skip()
        while true {
            if atDocumentIndicator { throw stop("found a document indicator inside a quoted scalar") }
            if atEnd { throw Stop(line: start, message: "a quoted scalar is not closed") }
            quotedScalarWord(single: single, quote: quote)
            if isCharacter(quote) { break }
            while isBlank() || isBreak() {
                if isBlank() { skip() } else { skipLineBreak() }
            }
        }
        skip()
    }

    /// Non-blank characters up to the closing quote, an escaped line break or a blank.
    private mutating func quotedScalarWord(single: Bool, quote: Character) {
        while !isBlankOrEnd() {
            if single && isCharacter("'") && isCharacter("'", at: 1) {
                skip()
                skip()
            } else if isCharacter(quote) {
                return
            } else if !single && isCharacter("\\") && isBreak(at: 1) {
                skip()
                skipLineBreak()
                return
            } else {
                // A backslash escapes the next character, whatever it is.
                if !single && isCharacter("\\") { skip() }
                skip()
            }
        }
    }

    /// `|` or `>`, optional indicators, then the lines indented at least as the first non-empty one (and more than
    /// the enclosing block, or by the explicit indentation indicator).
    mutating func blockScalar() throws(Stop) {
        try removeSimpleKey()
        simpleKeyAllowed = true
        skip()
        let increment = try blockScalarIndicators()
        while isBlank() { skip() }
        if isCharacter("#") { skipToLineEnd() }
        guard isBreakOrEnd() else { throw stop("did not find the expected comment or line break after '|' or '>'") }
        skipLineBreak()
        var contentIndent = increment == 0 ? 0 : indent >= 0 ? indent + increment : increment
        try blockScalarBreaks(indent: &contentIndent)
        while column == contentIndent && !atEnd {
            skipToLineEnd()
            skipLineBreak()
            try blockScalarBreaks(indent: &contentIndent)
        }
    }

    /// Chomping (`+`, `-`) and indentation (1-9) indicators, in either order; returns the indentation or 0.
    private mutating func blockScalarIndicators() throws(Stop) -> Int {
        var increment = 0
        if isOneOf("+-") {
            skip()
            if let digit = byte(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit) {
                increment = try indentationIndicator(digit)
            }
        } else if let digit = byte(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit) {
            increment = try indentationIndicator(digit)
            if isOneOf("+-") { skip() }
        }
        return increment
    }

    private mutating func indentationIndicator(_ digit: UInt8) throws(Stop) -> Int {
        guard digit != UInt8(ascii: "0") else { throw stop("found an indentation indicator equal to 0") }
        skip()
        return Int(digit - UInt8(ascii: "0"))
    }

    /// Empty lines and indentation; fixes the content indentation from the first non-empty line when not given.
    private mutating func blockScalarBreaks(indent contentIndent: inout Int) throws(Stop) {
        var maximumIndent = 0
        while true {
            while (contentIndent == 0 || column < contentIndent) && isCharacter(" ") { skip() }
            maximumIndent = max(maximumIndent, column)
            if (contentIndent == 0 || column < contentIndent) && isCharacter("\t") {
                throw stop("found a tab character where an indentation space is expected")
            }
            guard isBreak() else { break }
            skipLineBreak()
        }
        if contentIndent == 0 {
            contentIndent = max(maximumIndent, indent + 1, 1)
        }
    }
}
