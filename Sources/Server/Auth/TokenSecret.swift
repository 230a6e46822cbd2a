import Crypto
import Foundation
public import Incidents

/// API token secrets: 256 random bits, shown once; the store keeps their SHA-256.
public enum TokenSecret {
    /// `se_` and 43 base64url characters.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return "se_" + Data(bytes).base64URLEncoded
    }

    public static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Creates a token and returns it with its secret (the only time the secret exists outside the caller's hands).
    public static func create(name: String, role: Role, grid: String?, force: String?,
                              in store: IncidentStore) throws -> (token: APIToken, secret: String) {
        let secret = generate()
        let token = try store.insert(APIToken(name: name, role: role.rawValue, grid: grid, force: force, secretHash: hash(secret)))
        return (token, secret)
    }
}
