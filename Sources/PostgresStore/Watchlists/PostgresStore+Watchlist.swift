public import Incidents
import PostgresNIO

extension PostgresStore: WatchlistStore {
    /// Every identity with its samples, by list then name (compared as bytes, as SQLite does).
    public func faceWatchlist() async throws -> [(WatchlistIdentity, [FaceSample])] {
        let identities = try await rows(#"SELECT * FROM "watchlistIdentity" ORDER BY "list" COLLATE "C", "name" COLLATE "C""#)
            .map { try $0.identity() }
        let samples = Dictionary(grouping: try await rows(#"SELECT * FROM "faceSample" ORDER BY "id""#).map { try $0.faceSample() },
                                 by: \.identityId)
        return identities.map { ($0, $0.id.flatMap { samples[$0] } ?? []) }
    }

    public func photoCount(identity id: Int64) async throws -> Int {
        try await rows(#"SELECT count(*) AS "count" FROM "faceSample" WHERE "identityId" = \#(id)"#)[0].value("count", as: Int.self)
    }

    public func removeIdentity(id: Int64) async throws -> Bool {
        try await !rows(#"DELETE FROM "watchlistIdentity" WHERE "id" = \#(id) RETURNING "id""#).isEmpty
    }

    public func plateHotlist() async throws -> [WatchlistPlate] {
        try await rows(#"SELECT * FROM "watchlistPlate" ORDER BY "pattern" COLLATE "C""#).map { try $0.plate() }
    }

    public func listedPlate(_ pattern: String) async throws -> WatchlistPlate? {
        try await rows(#"SELECT * FROM "watchlistPlate" WHERE "pattern" = \#(pattern)"#).first?.plate()
    }

    /// Adds plates, or updates the list, reason and severity of those already listed, in one transaction: one
    /// statement per 5,000 plates (a national hotlist holds hundreds of thousands), the rows sent as one JSON array.
    /// A pattern given twice keeps its last entry, as one upsert after another would.
    public func listPlates(_ plates: [WatchlistPlate]) async throws {
        var last: [String: Int] = [:]
        for (index, plate) in plates.enumerated() { last[plate.pattern] = index }
        let unique = plates.enumerated().filter { last[$0.element.pattern] == $0.offset }.map(\.element)
        let batches = stride(from: 0, to: unique.count, by: 5_000).map { Array(unique[$0..<min(unique.count, $0 + 5_000)]) }
        try await transaction { connection in
            for batch in batches {
                try await connection.rows("""
                    INSERT INTO "watchlistPlate" ("pattern", "list", "reason", "severity", "createdAt")
                    SELECT "pattern", "list", "reason", "severity", "createdAt"
                    FROM jsonb_to_recordset(\(try PlateRows.json(batch))::jsonb)
                        AS entry("pattern" text, "list" text, "reason" text, "severity" text, "createdAt" timestamptz)
                    ON CONFLICT ("pattern") DO UPDATE SET "list" = excluded."list", "reason" = excluded."reason",
                        "severity" = excluded."severity"
                    """, logger: logger)
            }
        }
    }

    public func removePlate(_ pattern: String) async throws -> Bool {
        try await !rows(#"DELETE FROM "watchlistPlate" WHERE "pattern" = \#(pattern) RETURNING "id""#).isEmpty
    }
}
