package import Foundation

extension Data {
    /// Base64url without padding (RFC 4648 §5): safe in URLs and query strings, as cursors and token secrets are.
    package var base64URLEncoded: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
