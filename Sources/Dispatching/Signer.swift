import Crypto
public import Foundation

/// HMAC-SHA256 of a message body with the receiver's shared secret, sent as `X-SharpEyes-Signature`.
public enum Signer {
    public static let header = "X-SharpEyes-Signature"

    public static func signature(of body: Data, secret: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + code.map { String(format: "%02x", $0) }.joined()
    }

    /// Constant-time check, for receivers.
    public static func verify(_ signature: String, body: Data, secret: String) -> Bool {
        let expected = Array(self.signature(of: body, secret: secret).utf8), given = Array(signature.utf8)
        guard expected.count == given.count else { return false }
        return zip(expected, given).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
