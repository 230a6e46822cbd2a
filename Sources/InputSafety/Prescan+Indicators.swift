/// The indicators libyaml's scanner reads — document markers, flow and block collections, keys, values, anchors and
/// aliases — with their effect on simple keys and indentation.
extension Prescan {
    mutating func documentIndicator() throws(Stop) {
        unrollIndent(to: -1)
        try removeSimpleKey()
        simpleKeyAllowed = false
        skip()
        skip()
        skip()
    }

    mutating func flowCollectionStart() throws(Stop) {
        try saveSimpleKey()
        simpleKeys.append(SimpleKey())
        flowLevel += 1
        try checkDepth()
        simpleKeyAllowed = true
        skip()
    }

    mutating func flowCollectionEnd() throws(Stop) {
        try removeSimpleKey()
        if flowLevel > 0 {
            flowLevel -= 1
            simpleKeys.removeLast()
        }
        simpleKeyAllowed = false
        skip()
    }

    mutating func flowEntry() throws(Stop) {
        try removeSimpleKey()
        simpleKeyAllowed = true
        skip()
    }

    mutating func blockEntry() throws(Stop) {
        if flowLevel == 0 {
            guard simpleKeyAllowed else { throw stop("block sequence entries are not allowed in this context") }
            try rollIndent(to: column)
        }
        try removeSimpleKey()
        simpleKeyAllowed = true
        skip()
    }

    mutating func key() throws(Stop) {
        if flowLevel == 0 {
            guard simpleKeyAllowed else { throw stop("mapping keys are not allowed in this context") }
            try rollIndent(to: column)
        }
        try removeSimpleKey()
        simpleKeyAllowed = flowLevel == 0
        skip()
    }

    mutating func value() throws(Stop) {
        if simpleKeys[simpleKeys.count - 1].possible {
            try rollIndent(to: simpleKeys[simpleKeys.count - 1].column)
            simpleKeys[simpleKeys.count - 1].possible = false
            simpleKeyAllowed = false
        } else {
            if flowLevel == 0 {
                guard simpleKeyAllowed else { throw stop("mapping values are not allowed in this context") }
                try rollIndent(to: column)
            }
            simpleKeyAllowed = flowLevel == 0
        }
        skip()
    }

    /// Records the anchor or alias, then reads its name as libyaml does, to carry on scanning after it.
    mutating func anchor(isAlias: Bool) throws(Stop) {
        try saveSimpleKey()
        simpleKeyAllowed = false
        findings.append(isAlias ? Finding(.alias, line: line, Self.aliasMessage) : Finding(.anchor, line: line, Self.anchorMessage))
        guard findings.count < Self.maximumFindings else { throw stop("too many anchors and aliases; giving up") }
        skip()
        var length = 0
        while let byte = byte(), byte.isAnchorCharacter {
            skip()
            length += 1
        }
        guard length > 0, isBlankOrEnd() || isOneOf("?:,]}%@`") else {
            throw stop("did not find an anchor name of letters, digits, '-' or '_'")
        }
    }

    /// What a finding of kind `.alias` says; a caller may add advice of its own.
    package static let aliasMessage = "aliases (*name) are not supported in this file: write the value out"
    /// What a finding of kind `.anchor` says.
    package static let anchorMessage = "anchors (&name) are not supported in this file"
}

extension UInt8 {
    /// libyaml's `IS_ALPHA`: the characters of an anchor name.
    var isAnchorCharacter: Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self)
            || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self) || self == UInt8(ascii: "_") || self == UInt8(ascii: "-")
    }
}
