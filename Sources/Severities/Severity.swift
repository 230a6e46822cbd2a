/// How serious a watchlist hit is, lowest first. Stored and sent as its raw value, so JSON, YAML and the database
/// hold the same texts as before ("low", "medium", "high", "critical").
public enum Severity: String, Codable, Sendable, CaseIterable, Comparable {
    case low, medium, high, critical

    /// Text that names no severity, as typed into the CLI, the API or a CSV hotlist.
    public struct Unknown: Error, Sendable, Equatable, CustomStringConvertible {
        public let text: String

        public var description: String { "severity must be low, medium, high or critical, got '\(text)'" }
    }

    /// The severity `text` names, or ``Unknown`` with the message every way in gives.
    public init(parsing text: String) throws(Unknown) {
        guard let severity = Severity(rawValue: text) else { throw Unknown(text: text) }
        self = severity
    }

    /// Refuses an unknown text with the message every way in gives, at the field's path (a dispatch rule's
    /// `when.severity[1]`, say), instead of Swift's generic "Cannot initialize Severity from invalid String value".
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let severity = Severity(rawValue: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: Unknown(text: text).description)
        }
        self = severity
    }

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }

    /// The names, lowest first, for messages: "low, medium, high, critical".
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// Nil when `text` names a severity, else what is wrong with it.
    public static func problem(with text: String) -> String? {
        Severity(rawValue: text) == nil ? Unknown(text: text).description : nil
    }

    private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
}
