/// The severities a watchlist hit can have, lowest first.
public enum Severity {
    public static let levels = ["low", "medium", "high", "critical"]

    /// Nil when `severity` is one of the levels, else what is wrong with it.
    public static func problem(with severity: String) -> String? {
        levels.contains(severity) ? nil : "severity must be low, medium, high or critical, got '\(severity)'"
    }
}
