import Crypto
import Foundation
import Incidents

/// Short-lived signed addresses for footage. A `<video>` element sends no Authorization header, so to play a clip or
/// an export — and seek in it with Range requests, as browsers do — the console asks for a link
/// (`POST /api/media-links`) and gives the element that. A link names its caller (signed with a key this process
/// made at start, so a restart ends every link) and lasts 5 minutes; the token behind it is checked for revocation at
/// every request, and the route checks the role and audits as for a request with the token.
struct FootageLinks: Sendable {
    static let lifetime: TimeInterval = 300
    private let secret: Data
    private let now: @Sendable () -> Date

    /// - Parameter secret: the signing key (random by default: one per process).
    init(secret: Data = Data((0..<32).map { _ in UInt8.random(in: 0...255) }), now: @escaping @Sendable () -> Date = { Date() }) {
        self.secret = secret
        self.now = now
    }

    private var key: SymmetricKey { SymmetricKey(data: secret) }

    /// Whether a link may open `path`: an incident's clip or a camera's recording, nothing else.
    static func allows(path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0].isEmpty, parts[1] == "api", !parts[3].isEmpty else { return false }
        return (parts[2] == "incidents" && parts[4] == "clip.mp4") || (parts[2] == "cameras" && parts[4] == "recording.mp4")
    }

    /// `target` (a path and its query) with a link for `caller` added, and when it stops working.
    func link(to target: String, for caller: Caller) -> (url: String, expires: Date) {
        let expires = now().addingTimeInterval(Self.lifetime)
        let claims = Claims(tokenId: caller.tokenId, name: caller.name, role: caller.role.rawValue, grid: caller.grid,
                            force: caller.force, expires: expires.timeIntervalSince1970.rounded(.down))
        let payload = ((try? JSONEncoder().encode(claims)) ?? Data()).base64URLEncoded
        let value = payload + "." + signature(payload, target)
        return (target + (target.contains("?") ? "&" : "?") + "link=" + value, expires)
    }

    /// What a request's address opens: nil when it carries no link; the caller and the address without the link
    /// when the link is good; `LinkRefusal` when it is forged, altered, expired or for a path no link may open.
    func open(_ uri: String) throws(LinkRefusal) -> (caller: Caller, target: String)? {
        guard let marker = uri.range(of: "link=", options: .backwards),
              marker.lowerBound > uri.startIndex, "?&".contains(uri[uri.index(before: marker.lowerBound)]) else { return nil }
        let target = String(uri[..<uri.index(before: marker.lowerBound)]), value = uri[marker.upperBound...]
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard Self.allows(path: String(target.prefix { $0 != "?" })), parts.count == 2,
              HMAC<SHA256>.isValidAuthenticationCode(Data(base64URLEncoded: String(parts[1])) ?? Data(),
                                                     authenticating: Data((String(parts[0]) + "|" + target).utf8), using: key),
              let data = Data(base64URLEncoded: String(parts[0])), let claims = try? JSONDecoder().decode(Claims.self, from: data),
              let role = Role(rawValue: claims.role) else { throw LinkRefusal(expired: false) }
        guard now().timeIntervalSince1970 < claims.expires else { throw LinkRefusal(expired: true) }
        return (Caller(tokenId: claims.tokenId, name: claims.name, role: role, grid: claims.grid, force: claims.force), target)
    }

    private func signature(_ payload: String, _ target: String) -> String {
        Data(HMAC<SHA256>.authenticationCode(for: Data((payload + "|" + target).utf8), using: key)).base64URLEncoded
    }

    private struct Claims: Codable {
        var tokenId: Int64?
        var name: String
        var role: String
        var grid: String?
        var force: String?
        var expires: Double
    }
}

/// A media link that does not open: forged, altered or for another path (`expired` false), or past its time.
struct LinkRefusal: Error {
    let expired: Bool
}
