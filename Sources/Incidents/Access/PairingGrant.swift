public import Foundation
import GRDB

/// Pairing grants: a short-lived code (`sharpeyes token pair`, the console's pairing page) that a phone exchanges, once,
/// for an API token, so a patrol officer never types a 46-character secret. A grant is an `apiToken` row whose role is
/// `pair:<role>` (no role, so the authenticator never accepts it as a bearer token), whose `secretHash` holds the
/// code's salted hash, and which is revoked when it is exchanged. It needs no table of its own, and `token list` and
/// the audit log show each grant beside the token it became.
public protocol PairingStore: Sendable {
    /// Stores a grant.
    func insertPairing(_ grant: APIToken) async throws -> APIToken
    /// In one transaction: the first live grant made at or after `since` that `matches`, revoked at `now`, and the
    /// token `issue` makes of it, inserted. nil when no live grant matches (unknown, used or expired).
    func redeemPairing(since: Date, now: Date, matches: @escaping @Sendable (APIToken) -> Bool,
                       issue: @escaping @Sendable (APIToken) -> APIToken) async throws -> (grant: APIToken, token: APIToken)?
}

extension APIToken {
    /// The role prefix that marks a pairing grant.
    public static let pairingPrefix = "pair:"

    /// Whether this row is a pairing grant rather than a token.
    public var isPairingGrant: Bool { role.hasPrefix(Self.pairingPrefix) }
}

extension IncidentStore {
    /// The grants that are still live and made at or after `since` (a handful: each lives minutes).
    static func livePairings(since: Date, _ db: Database) throws -> [APIToken] {
        try APIToken.filter(Column("role").like("\(APIToken.pairingPrefix)%") && Column("revokedAt") == nil
            && Column("createdAt") >= since).order(Column("id")).fetchAll(db)
    }
}

extension SQLiteStore: PairingStore {
    public func insertPairing(_ grant: APIToken) async throws -> APIToken {
        try await write { db in
            var grant = grant
            try grant.insert(db)
            return grant
        }
    }

    public func redeemPairing(since: Date, now: Date, matches: @escaping @Sendable (APIToken) -> Bool,
                              issue: @escaping @Sendable (APIToken) -> APIToken) async throws -> (grant: APIToken, token: APIToken)? {
        try await write { db in
            guard var grant = try IncidentStore.livePairings(since: since, db).first(where: matches) else { return nil }
            grant.revokedAt = now
            try grant.update(db)
            var token = issue(grant)
            try token.insert(db)
            return (grant, token)
        }
    }
}
