/// What kind of problem a configuration file has, shared by the serve and the dispatch configuration: cases may be
/// added.
public struct ConfigErrorKind: Sendable, Hashable, CustomStringConvertible {
    private enum Value: String, Sendable {
        case unreadable, tooLarge = "too large", notText = "not text", syntax, invalid
    }

    private let value: Value

    /// The file could not be opened or read.
    public static var unreadable: Self { Self(value: .unreadable) }
    /// The file or text is over the size limit (1 MiB).
    public static var tooLarge: Self { Self(value: .tooLarge) }
    /// Not UTF-8 text, or it holds control characters.
    public static var notText: Self { Self(value: .notText) }
    /// Not YAML the file accepts: a syntax error, anchors or aliases, tags, nesting too deep.
    public static var syntax: Self { Self(value: .syntax) }
    /// YAML, but settings are missing, unknown, of the wrong type or out of range.
    public static var invalid: Self { Self(value: .invalid) }

    public var description: String { value.rawValue }
}
