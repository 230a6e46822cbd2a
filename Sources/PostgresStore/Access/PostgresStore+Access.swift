public import Foundation
public import Incidents
import PostgresNIO

extension PostgresStore: AccessStore {
    public func liveToken(secretHash: String) async throws -> APIToken? {
        try await rows(#"SELECT * FROM "apiToken" WHERE "secretHash" = \#(secretHash) AND "revokedAt" IS NULL"#).first?.token()
    }

    public func isLive(tokenId: Int64?) async throws -> Bool {
        guard let tokenId else { return true }
        return try await !rows(#"SELECT 1 FROM "apiToken" WHERE "id" = \#(tokenId) AND "revokedAt" IS NULL"#).isEmpty
    }

    /// Appends to the audit log (its triggers refuse UPDATE and DELETE).
    public func audit(_ entry: AuditEntry) async throws {
        try await execute("""
            INSERT INTO "auditEntry" ("at", "tokenId", "actor", "role", "method", "route", "filters", "rows", "status")
            VALUES (\(entry.at), \(entry.tokenId), \(entry.actor), \(entry.role), \(entry.method), \(entry.route),
                \(entry.filters), \(entry.rows), \(entry.status))
            """)
    }

    /// Audit entries newest first, optionally of one actor and a time range; keyset-paged by id.
    public func auditEntries(actor: String? = nil, from: Date? = nil, to: Date? = nil, beforeId: Int64? = nil,
                             limit: Int = 100) async throws -> [AuditEntry] {
        var conditions = PostgresConditions()
        if let actor { conditions.add(#""actor" = \#(conditions.bind(actor))"#) }
        if let from { conditions.add(#""at" >= \#(conditions.bind(from))"#) }
        if let to { conditions.add(#""at" < \#(conditions.bind(to))"#) }
        if let beforeId { conditions.add(#""id" < \#(conditions.bind(beforeId))"#) }
        let limit = conditions.bind(limit)
        return try await rows(conditions.query("""
            SELECT * FROM "auditEntry" \(conditions.whereClause) ORDER BY "id" DESC LIMIT \(limit)
            """)).map { try $0.auditEntry() }
    }

    /// Stores a new token (its secret's hash only).
    public func insert(_ token: APIToken) async throws -> APIToken {
        try await rows("""
            INSERT INTO "apiToken" ("name", "role", "grid", "force", "secretHash", "createdAt", "revokedAt")
            VALUES (\(token.name), \(token.role), \(token.grid), \(token.force), \(token.secretHash), \(token.createdAt),
                \(token.revokedAt))
            RETURNING *
            """)[0].token()
    }

    /// Revokes the live tokens with this id or name, at the database's time (`now()`: every node agrees when a
    /// revocation happened); returns them as they were.
    public func revokeTokens(idOrName: String) async throws -> [APIToken] {
        try await rows("""
            UPDATE "apiToken" SET "revokedAt" = now()
            WHERE "revokedAt" IS NULL AND ("name" = \(idOrName) OR "id" = \(Int64(idOrName) ?? -1))
            RETURNING "id", "name", "role", "grid", "force", "secretHash", "createdAt", NULL::timestamptz AS "revokedAt"
            """).map { try $0.token() }.sorted { ($0.id ?? 0) < ($1.id ?? 0) }
    }
}

extension PostgresStore {
    /// Every token and pairing grant, by id (never their secrets: only hashes are stored).
    public func tokens() async throws -> [APIToken] {
        try await rows(#"SELECT * FROM "apiToken" ORDER BY "id""#).map { try $0.token() }
    }
}
