public import Incidents
import PostgresNIO
import Severities

extension PostgresStore {
    /// A number that changes whenever a face watchlist entry, an enrolment photo or a hotlist entry changes (the
    /// v6 triggers bump it, and NOTIFY `sharpeyes_watchlist`).
    public func watchlistVersion() async throws -> Int {
        try await rows(#"SELECT "version" FROM "watchlistVersion" WHERE "id" = 1"#).first?.value("version", as: Int.self) ?? 0
    }

    /// Adds photos to an identity, creating it if needed (severity and reason are updated), in one transaction.
    public func enrol(_ identity: WatchlistIdentity, samples: [FaceSample]) async throws -> WatchlistIdentity {
        try await transaction { connection in
            let stored = try await connection.rows("""
                INSERT INTO "watchlistIdentity" ("name", "list", "severity", "reason", "createdAt")
                VALUES (\(identity.name), \(identity.list), \(identity.severity.rawValue), \(identity.reason), \(identity.createdAt))
                ON CONFLICT ("name", "list") DO UPDATE SET "severity" = excluded."severity",
                    "reason" = COALESCE(excluded."reason", "watchlistIdentity"."reason")
                RETURNING *
                """, logger: logger)[0].identity()
            for sample in samples {
                try await connection.rows("""
                    INSERT INTO "faceSample" ("identityId", "embedding", "photo", "createdAt")
                    VALUES (\(stored.id), \(sample.embedding), \(sample.photo), \(sample.createdAt))
                    """, logger: logger)
            }
            return stored
        }
    }
}
