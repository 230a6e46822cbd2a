public import Foundation
public import GRDB

/// A caller of the HTTP API. Only the SHA-256 of its secret is stored; the secret itself is shown once.
public struct APIToken: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public var id: Int64?
    public var name: String
    /// One of the server's roles (admin, investigator, dispatcher, patrol, community).
    public var role: String
    /// The grid a community token is limited to.
    public var grid: String?
    /// The force (dispatch config id) whose orders a patrol or community token acts on.
    public var force: String?
    public var secretHash: String
    public var createdAt: Date
    public var revokedAt: Date?

    public static let databaseTableName = "apiToken"

    public init(name: String, role: String, grid: String?, force: String?, secretHash: String, createdAt: Date = Date()) {
        self.name = name
        self.role = role
        self.grid = grid
        self.force = force
        self.secretHash = secretHash
        self.createdAt = createdAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension IncidentStore {
    public func insert(_ token: APIToken) throws -> APIToken {
        try write { db in
            var token = token
            try token.insert(db)
            return token
        }
    }

    /// The live (not revoked) token whose secret hashes to `secretHash`. Read on every request, so a revocation
    /// takes effect at the next one.
    public func liveToken(secretHash: String) throws -> APIToken? {
        try read { db in
            try APIToken.filter(Column("secretHash") == secretHash && Column("revokedAt") == nil).fetchOne(db)
        }
    }

    /// Whether the token with this id is still live (nil: a caller without a stored token, such as a test's).
    public func isLive(tokenId: Int64?) throws -> Bool {
        guard let tokenId else { return true }
        return try read { db in try APIToken.filter(key: tokenId).filter(Column("revokedAt") == nil).fetchCount(db) > 0 }
    }

    public func tokens() throws -> [APIToken] {
        try read { db in try APIToken.order(Column("id")).fetchAll(db) }
    }

    /// Revokes the token with this id or name; returns the tokens revoked (none if none was live).
    public func revokeTokens(idOrName: String, at time: Date = Date()) throws -> [APIToken] {
        try write { db in
            let matching = APIToken.filter(Column("revokedAt") == nil)
                .filter(Column("name") == idOrName || Column("id") == (Int64(idOrName) ?? -1))
            let tokens = try matching.fetchAll(db)
            try matching.updateAll(db, Column("revokedAt").set(to: time))
            return tokens
        }
    }
}
