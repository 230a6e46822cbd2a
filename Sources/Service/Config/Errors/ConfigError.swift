public import InputSafety

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
    public typealias Kind = ConfigErrorKind

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
