import GRDB

/// A WHERE clause built from optional filters, with its arguments in order.
struct SQLConditions {
    private(set) var clauses: [String] = []
    private(set) var arguments = StatementArguments()

    mutating func add(_ clause: String, _ values: [any DatabaseValueConvertible] = []) {
        clauses.append(clause)
        arguments += StatementArguments(values)
    }

    /// `column IN (…)` when `values` is not empty.
    mutating func any(_ column: String, in values: [some DatabaseValueConvertible]) {
        guard !values.isEmpty else { return }
        add("\(column) IN (\(values.map { _ in "?" }.joined(separator: ",")))", values)
    }

    /// A scope: an empty list matches nothing (a community token without a grid sees no incident).
    mutating func only(_ column: String, in values: [String]?) {
        guard let values else { return }
        if values.isEmpty { add("0") } else { any(column, in: values) }
    }

    /// Rows after (or before) the cursor in the page order.
    mutating func after(_ cursor: Cursor?, time: String, id: String, newestFirst: Bool) {
        guard let cursor else { return }
        let comparison = newestFirst ? "<" : ">"
        add("(\(time) \(comparison) ? OR (\(time) = ? AND \(id) \(comparison) ?))", [cursor.time, cursor.time, cursor.id])
    }

    var whereClause: String { clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ") }
}
