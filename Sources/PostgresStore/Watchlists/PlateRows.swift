import Foundation
import PostgresNIO
import Incidents
import Severities

/// Hotlist entries as the JSON array `jsonb_to_recordset` reads: one bind for thousands of rows.
enum PlateRows {
    private struct Entry: Encodable {
        let pattern: String
        let list: String
        let reason: String?
        let severity: String
        /// ISO 8601 with milliseconds and `Z`: PostgreSQL reads it as UTC.
        let createdAt: String
        /// Its place in the list, so inserts keep the order given (and ids follow it).
        let position: Int
    }

    static func json(_ plates: [WatchlistPlate]) throws -> String {
        let format = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        let entries = plates.enumerated().map { position, plate in
            Entry(pattern: plate.pattern, list: plate.list, reason: plate.reason, severity: plate.severity.rawValue,
                  createdAt: plate.createdAt.formatted(format), position: position)
        }
        return String(decoding: try JSONEncoder().encode(entries), as: UTF8.self)
    }

    private static let entries = """
        jsonb_to_recordset($1::jsonb)
            AS entry("pattern" text, "list" text, "reason" text, "severity" text, "createdAt" timestamptz, "position" bigint)
        """

    /// Updates the listed plates among `json`'s entries.
    static func update(_ json: String) -> PostgresQuery {
        var binds = PostgresBindings()
        binds.append(json)
        return PostgresQuery(unsafeSQL: """
            UPDATE "watchlistPlate" SET "list" = entry."list", "reason" = entry."reason", "severity" = entry."severity"
            FROM \(entries) WHERE "watchlistPlate"."pattern" = entry."pattern"
            """, binds: binds)
    }

    /// Inserts the others, in the order given (a plate listed meanwhile by another node is updated instead).
    static func insert(_ json: String) -> PostgresQuery {
        var binds = PostgresBindings()
        binds.append(json)
        return PostgresQuery(unsafeSQL: """
            INSERT INTO "watchlistPlate" ("pattern", "list", "reason", "severity", "createdAt")
            SELECT "pattern", "list", "reason", "severity", "createdAt" FROM \(entries)
            WHERE NOT EXISTS (SELECT 1 FROM "watchlistPlate" WHERE "watchlistPlate"."pattern" = entry."pattern")
            ORDER BY entry."position"
            ON CONFLICT ("pattern") DO UPDATE SET "list" = excluded."list", "reason" = excluded."reason",
                "severity" = excluded."severity"
            """, binds: binds)
    }
}
