import Foundation
import InputSafety

extension StreamURL {
    /// Query parameters that carry a password in some cameras' URLs (`…/video.cgi?user=admin&pwd=…`).
    static let passwordParameters: Set<String> = ["password", "passwd", "pass", "pwd"]

    /// A password in the userinfo or in a password-like query parameter.
    var carriesPassword: Bool {
        (userInfo?.contains(":") ?? false)
            || URLCredentials.queryParameters(in: rest).contains { Self.passwordParameters.contains($0.name) }
    }

    /// Every URL in `text` (a word containing `://`) with its passwords replaced by `***`; the rest unchanged.
    static func redactingPasswords(in text: String) -> String {
        URLCredentials.maskingURLs(in: text)
    }
}
