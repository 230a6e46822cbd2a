import Foundation
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
    }

    static func json(_ plates: [WatchlistPlate]) throws -> String {
        let format = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        let entries = plates.map { plate in
            Entry(pattern: plate.pattern, list: plate.list, reason: plate.reason, severity: plate.severity.rawValue,
                  createdAt: plate.createdAt.formatted(format))
        }
        return String(decoding: try JSONEncoder().encode(entries), as: UTF8.self)
    }
}
