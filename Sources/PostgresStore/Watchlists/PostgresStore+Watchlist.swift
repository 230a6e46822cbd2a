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

    /// Adds plates, or updates the list, reason and severity of those already listed, in one transaction: two
    /// statements per 5,000 plates (a national hotlist holds hundreds of thousands), the rows sent as one JSON array.
    /// Listed plates are updated first and only new ones inserted, in the order given, so no id is spent on a
    /// conflict and ids are what the SQLite store gives. A pattern given twice takes its last entry's values.
    public func listPlates(_ plates: [WatchlistPlate]) async throws {
        var latest: [String: WatchlistPlate] = [:], order: [String] = []
        for plate in plates {
            if latest.updateValue(plate, forKey: plate.pattern) == nil { order.append(plate.pattern) }
        }
        let unique = order.compactMap { latest[$0] }
        let batches = try stride(from: 0, to: unique.count, by: 5_000).map {
            try PlateRows.json(Array(unique[$0..<min(unique.count, $0 + 5_000)]))
        }
        try await transaction { connection in
            for batch in batches {
                try await connection.rows(PlateRows.update(batch), logger: logger)
                try await connection.rows(PlateRows.insert(batch), logger: logger)
            }
        }
    }

    public func removePlate(_ pattern: String) async throws -> Bool {
        try await !rows(#"DELETE FROM "watchlistPlate" WHERE "pattern" = \#(pattern) RETURNING "id""#).isEmpty
    }
}
