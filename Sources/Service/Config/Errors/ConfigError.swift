/// A config that cannot be used, with every problem found in it.
///
/// ```swift
/// do {
///     let config = try ServeConfig(path: "/etc/sharpeyes/sharpeyes.yaml")
/// } catch {
///     print(error)   // sharpeyes.yaml:12: cameras[3].url: 'ftp://x' is not a stream URL …  (one line per problem)
///     if error.kind == .invalid { … }
/// }
/// ```
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    /// What kind of problem: cases may be added.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        private enum Value: String, Sendable {
            case unreadable, tooLarge = "too large", notText = "not text", syntax, invalid
        }

        private let value: Value

        /// The file could not be opened or read.
        public static var unreadable: Self { Self(value: .unreadable) }
        /// The file is over ``ServeConfig/sizeLimit``.
        public static var tooLarge: Self { Self(value: .tooLarge) }
        /// The file is not UTF-8 text, or holds control characters.
        public static var notText: Self { Self(value: .notText) }
        /// Not YAML this config accepts: a syntax error, anchors or aliases, nesting too deep.
        public static var syntax: Self { Self(value: .syntax) }
        /// YAML, but settings are missing, unknown, of the wrong type or out of range.
        public static var invalid: Self { Self(value: .invalid) }

        public var description: String { value.rawValue }
    }

    public let kind: Kind
    /// One line saying what went wrong, e.g. `sharpeyes.yaml: 3 problems`.
    public let message: String
    /// The file name used in ``description`` (the last component of the path, or `config`).
    public let file: String
    /// Every problem found, in the order of the file.
    public let errors: [ConfigIssue]

    init(_ kind: Kind, file: String, errors: [ConfigIssue]) {
        self.kind = kind
        self.file = file
        self.errors = errors
        self.message = errors.count == 1 ? errors[0].description(file: file) : "\(file): \(errors.count) problems"
    }

    init(_ kind: Kind, file: String, _ message: String) {
        self.init(kind, file: file, errors: [ConfigIssue(path: "", line: nil, message: message)])
    }

    /// One line per problem: `sharpeyes.yaml:12: cameras[3].url: …`.
    public var description: String {
        errors.map { $0.description(file: file) }.joined(separator: "\n")
    }
}
