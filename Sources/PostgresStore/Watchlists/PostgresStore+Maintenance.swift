public import Incidents
import Logging
import PostgresNIO
import Severities

extension PostgresStore {
    /// A number that changes whenever a face watchlist entry, an enrolment photo or a hotlist entry changes (the
    /// v6 triggers bump it, and NOTIFY `sharpeyes_watchlist`).
    public func watchlistVersion() async throws -> Int {
        try await rows(#"SELECT "version" FROM "watchlistVersion" WHERE "id" = 1"#).first?.value("version", as: Int.self) ?? 0
    }

    /// Adds photos to an identity, creating it if needed (severity and reason are updated), in one transaction. An
    /// existing identity is updated in place (an upsert would spend an id on the conflict).
    public func enrol(_ identity: WatchlistIdentity, samples: [FaceSample]) async throws -> WatchlistIdentity {
        try await transaction { connection in
            let updated = try await connection.rows("""
                UPDATE "watchlistIdentity" SET "severity" = \(identity.severity.rawValue),
                    "reason" = COALESCE(\(identity.reason), "reason")
                WHERE "name" = \(identity.name) AND "list" = \(identity.list) RETURNING *
                """, logger: logger).first
            if let updated { return try await Self.addSamples(samples, to: updated.identity(), connection, logger) }
            let inserted = try await connection.rows("""
                INSERT INTO "watchlistIdentity" ("name", "list", "severity", "reason", "createdAt")
                VALUES (\(identity.name), \(identity.list), \(identity.severity.rawValue), \(identity.reason), \(identity.createdAt))
                ON CONFLICT ("name", "list") DO UPDATE SET "severity" = excluded."severity",
                    "reason" = COALESCE(excluded."reason", "watchlistIdentity"."reason")
                RETURNING *
                """, logger: logger)[0]
            return try await Self.addSamples(samples, to: inserted.identity(), connection, logger)
        }
    }

    private static func addSamples(_ samples: [FaceSample], to enrolled: WatchlistIdentity, _ connection: PostgresConnection,
                                   _ logger: Logger) async throws -> WatchlistIdentity {
        for sample in samples {
            try await connection.rows("""
                INSERT INTO "faceSample" ("identityId", "embedding", "photo", "createdAt")
                VALUES (\(enrolled.id), \(sample.embedding), \(sample.photo), \(sample.createdAt))
                """, logger: logger)
        }
        return enrolled
    }
}
