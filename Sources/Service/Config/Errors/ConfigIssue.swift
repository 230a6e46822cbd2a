/// One problem in a config file: where it is and what is wrong.
///
/// `path` names the setting (`cameras[3].url`, `storage.retention.sightings_days`), empty for problems of the file
/// as a whole (YAML syntax, size); `line` is 1-based where the file tells it.
public struct ConfigIssue: Sendable, Hashable, CustomStringConvertible {
    public let path: String
    public let line: Int?
    public let message: String

    public init(path: String, line: Int?, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    /// `line 12: cameras[3].url: …`
    public var description: String {
        (line.map { "line \($0): " } ?? "") + located
    }

    /// `sharpeyes.yaml:12: cameras[3].url: …`, the form `config check` prints.
    public func description(file: String) -> String {
        file + (line.map { ":\($0)" } ?? "") + ": " + located
    }

    private var located: String {
        path.isEmpty ? message : "\(path): \(message)"
    }
}
