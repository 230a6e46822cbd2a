import Crypto
public import Foundation
public import Incidents
import InputSafety

/// Pairing codes: 8 digits a phone exchanges once, within 5 minutes, for an API token of the role, name, grid and
/// force they were made for (see `PairingStore`). Only a salted hash of the code is stored, and wrong codes are
/// limited (`AttemptLimiter`), so the 10⁸ codes cannot be tried in a code's lifetime.
public enum Pairing {
    public static let lifetime: TimeInterval = 300
    public static let digits = 8

    /// A grant for a token of `role` (not yet stored) and its code, which is shown once.
    public static func grant(name: String, role: Role, grid: String?, force: String?, now: Date = Date()) -> (grant: APIToken, code: String) {
        var generator = SystemRandomNumberGenerator()
        let code = String(format: "%08d", Int.random(in: 0..<100_000_000, using: &generator))
        let salt = Data((0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }).base64URLEncoded
        let grant = APIToken(name: name, role: APIToken.pairingPrefix + role.rawValue, grid: grid, force: force,
                             secretHash: "\(APIToken.pairingPrefix)\(salt):\(hash(code, salt: salt))", createdAt: now)
        return (grant, code)
    }

    /// Whether `code` is the one `grant` was made with.
    public static func matches(_ grant: APIToken, code: String) -> Bool {
        let parts = grant.secretHash.split(separator: ":", maxSplits: 2).map(String.init)
        guard grant.isPairingGrant, parts.count == 3 else { return false }
        return hash(code, salt: parts[1]) == parts[2]
    }

    /// The role of the token a grant becomes.
    public static func role(of grant: APIToken) -> Role? {
        grant.isPairingGrant ? Role(rawValue: String(grant.role.dropFirst(APIToken.pairingPrefix.count))) : nil
    }

    /// The token a grant becomes, with a new secret; the secret is returned beside it, the only time it exists.
    static func token(from grant: APIToken, secret: String, now: Date) -> APIToken {
        APIToken(name: grant.name, role: role(of: grant)?.rawValue ?? "", grid: grant.grid, force: grant.force,
                 secretHash: TokenSecret.hash(secret), createdAt: now)
    }

    /// What is wrong with a token's fields (the same rules as `sharpeyes token create`), or nil.
    public static func problem(name: String, role: Role, grid: String?, force: String?) -> String? {
        for (field, value) in [("name", name), ("grid", grid), ("force", force)] {
            guard let value else { continue }
            guard !value.isEmpty, value.count <= 128 else { return "\(field): give 1 to 128 characters" }
            if let problem = TextChecks.controlCharacter(in: value) { return "\(field): \(problem)" }
        }
        if role == .community, grid == nil { return "a community token needs a grid (the grid it may see)" }
        if role == .patrol, force == nil { return "a patrol token needs a force (the unit whose orders it acts on)" }
        return nil
    }

    private static func hash(_ code: String, salt: String) -> String {
        SHA256.hash(data: Data((salt + code).utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
