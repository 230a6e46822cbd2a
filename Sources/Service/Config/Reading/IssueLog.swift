/// The problems found while reading a config: reading goes on after each one, so all are reported together.
final class IssueLog {
    /// More than this many problems are summed up in one last line.
    static let limit = 100

    private var issues: [ConfigIssue] = []

    var isEmpty: Bool { issues.isEmpty }

    func add(_ path: String, line: Int?, _ message: String) {
        issues.append(ConfigIssue(path: path, line: line, message: message))
    }

    func add(_ field: Field, _ message: String) {
        add(field.path, line: field.line, message)
    }

    /// In the order of the file (problems without a line last), at most `limit` of them.
    var sorted: [ConfigIssue] {
        let ordered = issues.enumerated().sorted {
            ($0.element.line ?? .max, $0.offset) < ($1.element.line ?? .max, $1.offset)
        }.map(\.element)
        guard ordered.count > Self.limit else { return ordered }
        let more = ConfigIssue(path: "", line: nil, message: "\(ordered.count - Self.limit) more problems not shown")
        return Array(ordered.prefix(Self.limit)) + [more]
    }
}
