/// libyaml's `yaml_parser_fetch_next_token`: which token starts here, and its effect on keys and indentation.
extension Prescan {
    /// Scans one token; false at the end of the text.
    mutating func fetchNextToken() throws(Stop) -> Bool {
        skipToNextToken()
        try staleSimpleKeys()
        unrollIndent(to: column)
        guard let byte = byte() else { return false }
        let character = Character(UnicodeScalar(byte))
        if column == 0, character == "%" { throw stop("YAML directives (%) are not supported in this file") }
        if atDocumentIndicator {
            try documentIndicator()
            return true
        }
        try fetchToken(character)
        return true
    }

    private mutating func fetchToken(_ character: Character) throws(Stop) {
        let followedByBlank = isBlankOrEnd(at: 1)
        switch character {
        case "[", "{": try flowCollectionStart()
        case "]", "}": try flowCollectionEnd()
        case ",": try flowEntry()
        case "-" where followedByBlank: try blockEntry()
        case "?" where flowLevel > 0 || followedByBlank: try key()
        case ":" where flowLevel > 0 || followedByBlank: try value()
        case "*": try anchor(isAlias: true)
        case "&": try anchor(isAlias: false)
        case "!": throw stop("YAML tags (!) are not supported in this file")
        case "|", ">":
            // Block scalars exist only in the block context; in a flow, '|' and '>' start nothing.
            guard flowLevel == 0 else { throw stop("found a character that cannot start any token") }
            try blockScalar()
        case "'", "\"": try quotedScalar(single: character == "'")
        default:
            guard startsPlainScalar(character) else { throw stop("found a character that cannot start any token") }
            try plainScalar()
        }
    }

    private func startsPlainScalar(_ character: Character) -> Bool {
        if !isBlankOrEnd() && !"-?:,[]{}#&*!|>'\"%@`".contains(character) { return true }
        if character == "-" { return !isBlank(at: 1) }
        return flowLevel == 0 && (character == "?" || character == ":") && !isBlankOrEnd(at: 1)
    }

    /// Spaces, comments and line breaks; tabs only where libyaml allows them.
    private mutating func skipToNextToken() {
        while true {
            if column == 0 && atByteOrderMark { skip() }
            while isCharacter(" ") || ((flowLevel > 0 || !simpleKeyAllowed) && isCharacter("\t")) { skip() }
            if isCharacter("#") { skipToLineEnd() }
            guard isBreak() else { return }
            skipLineBreak()
            if flowLevel == 0 { simpleKeyAllowed = true }
        }
    }
}
