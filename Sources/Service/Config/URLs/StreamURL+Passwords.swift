import Foundation
import InputSafety

extension StreamURL {
    /// Query parameters that carry a password in some cameras' URLs (`…/video.cgi?user=admin&pwd=…`). Narrower on
    /// purpose than what `URLCredentials` masks: a camera URL holding one of these is refused, and a camera's own
    /// `key=` or `code=` parameter is no reason to refuse it, while masking one more value costs nothing.
    static let passwordParameters: Set<String> = ["password", "passwd", "pass", "pwd"]

    /// A password in the userinfo or in a password-like query parameter.
    var carriesPassword: Bool {
        (userInfo?.contains(":") ?? false)
            || URLCredentials.queryParameters(in: rest).contains { Self.passwordParameters.contains($0.name) }
    }
}
