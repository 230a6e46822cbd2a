import PostgresNIO

/// A WHERE clause built from optional filters, with its `$n` binds in order (the PostgreSQL twin of the SQLite
/// store's `SQLConditions`).
struct PostgresConditions {
    private(set) var clauses: [String] = []
    private(set) var binds = PostgresBindings()

    /// Appends a bind and returns its placeholder.
    mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }

    mutating func add(_ clause: String) { clauses.append(clause) }

    /// `column = ANY(…)` when `values` is not empty, and `column = …` for one value: the planner walks a
    /// (column, time) index in the page's order only for an equality, so one camera's newest 50 sightings of a
    /// million read 52 index rows (0.6 ms) instead of every one of that camera's rows sorted (10–30 ms;
    /// `Benchmarks/scale.sh`).
    mutating func any<Value: PostgresArrayEncodable & PostgresNonThrowingEncodable>(_ column: String, in values: [Value]) {
        guard let first = values.first else { return }
        add(values.count == 1 ? "\(column) = \(bind(first))" : "\(column) = ANY(\(bind(values)))")
    }

    /// A scope: an empty list matches nothing (a community token without a grid sees no incident).
    mutating func only(_ column: String, in values: [String]?) {
        guard let values else { return }
        if values.isEmpty { add("false") } else { any(column, in: values) }
    }

    /// Rows after (or before) the cursor in the page order; the cursor's time is the UTC text `cursorTime` gives.
    mutating func after(_ cursor: (time: String, id: Int64)?, time: String, id: String, newestFirst: Bool) {
        guard let cursor else { return }
        let comparison = newestFirst ? "<" : ">"
        add("(\(time), \(id)) \(comparison) ((\(bind(cursor.time))::timestamp AT TIME ZONE 'UTC'), \(bind(cursor.id)))")
    }

    var whereClause: String { clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ") }

    /// The query with these binds.
    func query(_ sql: String) -> PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: binds) }
}

/// A column's time as the keyset cursor carries it: UTC, to the microsecond (exact, so `=` on the next page holds).
func cursorTime(_ column: String) -> String {
    "to_char(\(column) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')"
}
