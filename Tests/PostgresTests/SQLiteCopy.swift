import Foundation
import GRDB
import Incidents
import Logging
import PostgresNIO
@testable import PostgresStore

/// Copies every row of a SQLite store into a new, migrated PostgreSQL one, ids included, with triggers and foreign
/// keys off for the copy (`session_replication_role = replica`): the plate reads and the feed arrive as SQLite's
/// triggers wrote them, so both stores hold the same rows. Then each identity column moves past the copied ids.
enum SQLiteCopy {
    /// Parents before children (the checks are off, but a reader of this list should see why it is in this order).
    static let tables = [
        "camera", "watchlistIdentity", "faceSample", "watchlistPlate", "sighting", "incident", "dispatchOrder",
        "orderTransition", "outbox", "apiToken", "auditEntry", "plateRead", "faceEmbedding", "feedEvent", "watchlistVersion",
        "incidentReview", "incidentClip", "recordingSegment", "sharedCamera", "node",
    ]

    static func copy(_ sqlite: IncidentStore, into store: PostgresStore) async throws {
        let types = try await columnTypes(store)
        try await store.client.withTransaction(logger: quietLogger) { connection in
            try await connection.rows("SET LOCAL session_replication_role = replica", logger: quietLogger)
            try await connection.rows(#"DELETE FROM "watchlistVersion""#, logger: quietLogger)
            for table in tables {
                let rows = try sqlite.writer.read { db in try Row.fetchAll(db, sql: "SELECT * FROM \(table)") }
                try await insert(rows, into: table, types: types[table] ?? [:], connection)
            }
            for table in tables where types[table]?["id"] == "bigint" {
                try await connection.rows(PostgresQuery(unsafeSQL: """
                    SELECT setval(pg_get_serial_sequence('"\(table)"', 'id'), (SELECT COALESCE(MAX("id"), 0) + 1 FROM "\(table)"), false)
                    """), logger: quietLogger)
            }
        }
    }

    /// Each table's column types, as information_schema names them.
    private static func columnTypes(_ store: PostgresStore) async throws -> [String: [String: String]] {
        var types: [String: [String: String]] = [:]
        for row in try await store.rows("""
            SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public'
            """) {
            types[try row.value("table_name"), default: [:]][try row.value("column_name")] = try row.value("data_type")
        }
        return types
    }

    /// Multi-row INSERTs, as many rows a statement as its binds allow.
    private static func insert(_ rows: [Row], into table: String, types: [String: String],
                               _ connection: PostgresConnection) async throws {
        guard let columns = rows.first?.columnNames.map({ $0 }) else { return }
        let perStatement = max(1, 30_000 / columns.count)
        for start in stride(from: 0, to: rows.count, by: perStatement) {
            var binds = PostgresBindings()
            var tuples: [String] = []
            for row in rows[start..<min(rows.count, start + perStatement)] {
                var placeholders: [String] = []
                for column in columns {
                    try bind(row[column] as DatabaseValue, type: types[column] ?? "text", &binds)
                    placeholders.append("$\(binds.count)")
                }
                tuples.append("(" + placeholders.joined(separator: ",") + ")")
            }
            let names = columns.map { "\"\($0)\"" }.joined(separator: ",")
            try await connection.rows(PostgresQuery(unsafeSQL: """
                INSERT INTO "\(table)" (\(names)) VALUES \(tuples.joined(separator: ","))
                """, binds: binds), logger: quietLogger)
        }
    }

    private static func bind(_ value: DatabaseValue, type: String, _ binds: inout PostgresBindings) throws {
        switch (value.storage, type) {
        case (.null, _): binds.appendNull()
        case (.string, "timestamp with time zone"):
            guard let date = Date.fromDatabaseValue(value) else { throw CopyError(value: "\(value)") }
            binds.append(date)
        case (.int64(let number), "double precision"): binds.append(Double(number))
        case (.int64(let number), _): binds.append(number)
        case (.double(let number), _): binds.append(number)
        case (.string(let text), _): binds.append(text)
        case (.blob(let data), _): try binds.append(data)
        }
    }

    struct CopyError: Error { let value: String }
}
