import Foundation

/// A URL split where credentials go: `scheme://[userinfo@]host[:port][/path][?query][#fragment]`.
///
/// Deliberately small: it finds the parts the config checks and rewrites (scheme, userinfo, host, query) and leaves
/// the rest as written, which is what FFmpeg is given.
struct StreamURL {
    /// The schemes a live camera may use.
    static let streamSchemes: Set<String> = ["rtsp", "rtsps", "rtmp", "http", "https", "udp", "srt"]

    /// Lowercased.
    let scheme: String
    let userInfo: String?
    /// `host[:port]` as written, brackets included for IPv6.
    let hostAndPort: String
    /// From the first `/`, `?` or `#` after the host.
    let rest: String

    init?(_ text: String) {
        guard let separator = text.range(of: "://") else { return nil }
        let scheme = text[..<separator.lowerBound]
        guard let first = scheme.first, first.isASCII, first.isLetter,
              scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+.-".contains($0)) }) else { return nil }
        let afterScheme = text[separator.upperBound...]
        let authorityEnd = afterScheme.firstIndex(where: { "/?#".contains($0) }) ?? afterScheme.endIndex
        let authority = afterScheme[..<authorityEnd]
        let at = authority.lastIndex(of: "@")
        self.scheme = scheme.lowercased()
        self.userInfo = at.map { String(authority[..<$0]) }
        self.hostAndPort = String(at.map { authority[authority.index(after: $0)...] } ?? authority)
        self.rest = String(afterScheme[authorityEnd...])
    }

    /// The host without port or brackets; empty when missing.
    var host: String {
        if hostAndPort.hasPrefix("[") { return String(hostAndPort.dropFirst().prefix { $0 != "]" }) }
        return String(hostAndPort.prefix { $0 != ":" })
    }

    /// The port, if one is written.
    var port: Substring? {
        let afterHost = hostAndPort.hasPrefix("[") ? hostAndPort.drop { $0 != "]" }.dropFirst() : hostAndPort.drop { $0 != ":" }
        return afterHost.hasPrefix(":") ? afterHost.dropFirst() : nil
    }

    /// The user of the userinfo, percent-decoded; nil when there is none or it is empty.
    var user: String? {
        guard let userInfo, let name = userInfo.split(separator: ":", omittingEmptySubsequences: false).first,
              !name.isEmpty else { return nil }
        return String(name).removingPercentEncoding ?? String(name)
    }

    /// `userInfo` is written as is (percent-encode it first); empty leaves it out.
    func replacingUserInfo(with userInfo: String) -> String {
        "\(scheme)://" + (userInfo.isEmpty ? "" : userInfo + "@") + hostAndPort + rest
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters, as userinfo needs.
func percentEncoded(_ text: String) -> String {
    let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)
    return text.utf8.map { unreserved.contains($0) ? String(UnicodeScalar($0)) : String(format: "%%%02X", $0) }.joined()
}
