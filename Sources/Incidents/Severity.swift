/// How serious a watchlist hit is, lowest first. Stored and sent as its raw value, so JSON and the database hold
/// the same texts as before ("low", "medium", "high", "critical").
public enum Severity: String, Codable, Sendable, CaseIterable, Comparable {
    case low, medium, high, critical

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }

    /// The names, lowest first, for messages: "low, medium, high, critical".
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// Nil when `text` names a severity, else what is wrong with it.
    public static func problem(with text: String) -> String? {
        Severity(rawValue: text) == nil ? "severity must be low, medium, high or critical, got '\(text)'" : nil
    }

    private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
}
