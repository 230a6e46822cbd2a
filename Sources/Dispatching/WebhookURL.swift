import Foundation

/// Whether a webhook URL can be sent to, checked when the configuration is read and again before each send
/// (a URL in the outbox may predate a check, or have been edited).
///
/// The checks follow AsyncHTTPClient's own parsing, which is not safe with every URL it accepts: a port out of
/// range traps inside NIO (`SocketAddress`), and a port too long for `URL` to read is dropped, sending to port 80.
enum WebhookURL {
    /// Nil when the URL is usable; otherwise what is wrong with it, e.g. "port 99999 is not within 1...65535".
    static func problem(_ text: String) -> String? {
        guard let url = URL(string: text), let scheme = url.scheme else { return "not a URL" }
        guard ["http", "https"].contains(scheme.lowercased()) else { return "not an http(s) URL" }
        guard let host = url.host, !host.isEmpty else { return "no host" }
        guard let port = portText(text), !port.isEmpty else { return nil }
        guard port.allSatisfy(\.isASCII), let number = Int(port), (1...65_535).contains(number), url.port == number else {
            return "port \(port) is not within 1...65535"
        }
        return nil
    }

    /// The port as written in the authority (after any user info and IPv6 brackets), if there is one.
    private static func portText(_ text: String) -> Substring? {
        guard let start = text.range(of: "://")?.upperBound else { return nil }
        var authority = text[start...].prefix { !"/?#".contains($0) }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        if let bracket = authority.lastIndex(of: "]") { authority = authority[authority.index(after: bracket)...] }
        guard let colon = authority.lastIndex(of: ":") else { return nil }
        return authority[authority.index(after: colon)...]
    }
}
