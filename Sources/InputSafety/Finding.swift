/// Something in untrusted text that is refused before a parser sees it, with its 1-based line.
package struct Finding: Error, Sendable, Hashable {
    package enum Kind: Sendable, Hashable {
        /// `*name`: the expansion would be composed before anything could refuse it.
        case alias
        /// `&name`.
        case anchor
        /// Characters or bytes a text file may not hold (controls, invalid UTF-8).
        case notText
        /// Where libyaml would stop, or what the pre-scan refuses outright (tags, directives, deep nesting).
        case syntax
    }

    package let kind: Kind
    package let line: Int
    package let message: String

    package init(_ kind: Kind, line: Int, _ message: String) {
        self.kind = kind
        self.line = line
        self.message = message
    }
}
