public import Foundation
public import Incidents
import PostgresNIO

/// Pairing grants on PostgreSQL: `apiToken` rows with a `pair:` role, as on SQLite. A grant is redeemed in one
/// transaction that locks the live grants first, so two nodes redeeming one code issue one token.
extension PostgresStore: PairingStore {
    public func insertPairing(_ grant: APIToken) async throws -> APIToken { try await insert(grant) }

    public func redeemPairing(since: Date, now: Date, matches: @escaping @Sendable (APIToken) -> Bool,
                              issue: @escaping @Sendable (APIToken) -> APIToken) async throws -> (grant: APIToken, token: APIToken)? {
        let logger = logger
        return try await transaction { connection in
            let prefix = APIToken.pairingPrefix + "%"
            let live = try await connection.rows("""
                SELECT * FROM "apiToken" WHERE "role" LIKE \(prefix) AND "revokedAt" IS NULL AND "createdAt" >= \(since)
                ORDER BY "id" FOR UPDATE
                """, logger: logger).map { try $0.token() }
            guard var grant = live.first(where: matches), let grantId = grant.id else { return nil }
            grant.revokedAt = now
            try await connection.rows(#"UPDATE "apiToken" SET "revokedAt" = \#(now) WHERE "id" = \#(grantId)"#, logger: logger)
            let token = issue(grant)
            let stored = try await connection.rows("""
                INSERT INTO "apiToken" ("name", "role", "grid", "force", "secretHash", "createdAt", "revokedAt")
                VALUES (\(token.name), \(token.role), \(token.grid), \(token.force), \(token.secretHash), \(token.createdAt),
                    \(token.revokedAt))
                RETURNING *
                """, logger: logger)[0].token()
            return (grant, stored)
        }
    }
}

/// A camera's pipeline writes its passes here when the nodes share this store (unfenced; see `FencedPassStore`).
extension PostgresStore: PassStore {
    public func record(_ sighting: Sighting, incident: Incident?, faceEmbedding: [UInt8]?, repeatWindow: TimeInterval,
                       raisedAt: Date?) async throws -> (Sighting, Incident?, isNew: Bool) {
        try await record(sighting, incident: incident, faceEmbedding: faceEmbedding, repeatWindow: repeatWindow,
                         raisedAt: raisedAt, epoch: nil)
    }
}
