import Crypto
import Foundation

/// HTTP digest authentication (RFC 2617, MD5) as GB/T 28181 registration uses it: the platform challenges with a
/// realm (its domain) and a nonce, the device answers with `MD5(HA1:nonce[:nc:cnonce:qop]:HA2)`.
public struct DigestCredentials: Sendable, Equatable {
    public var username: String
    public var realm: String
    public var nonce: String
    public var uri: String
    public var response: String
    public var algorithm: String?
    public var qop: String?
    public var nc: String?
    public var cnonce: String?

    /// Parses an `Authorization: Digest …` value; nil when it is not one or lacks a required parameter.
    public init?(authorization: String) {
        let trimmed = authorization.trimmingCharacters(in: .whitespaces)
        guard trimmed.lowercased().hasPrefix("digest ") else { return nil }
        let parameters = Self.parameters(String(trimmed.dropFirst(7)))
        guard let username = parameters["username"], let realm = parameters["realm"], let nonce = parameters["nonce"],
              let uri = parameters["uri"], let response = parameters["response"] else { return nil }
        self.username = username
        self.realm = realm
        self.nonce = nonce
        self.uri = uri
        self.response = response
        algorithm = parameters["algorithm"]
        qop = parameters["qop"]
        nc = parameters["nc"]
        cnonce = parameters["cnonce"]
    }

    /// `a="x", b=y` into a dictionary with lower-cased keys; commas inside quotes are kept.
    static func parameters(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        var key = "", value = "", inKey = true, quoted = false
        func store() {
            let name = key.trimmingCharacters(in: .whitespaces).lowercased()
            if !name.isEmpty { result[name] = value.trimmingCharacters(in: .whitespaces) }
            key = ""; value = ""; inKey = true
        }
        for character in text {
            switch character {
            case "\"": quoted.toggle()
            case "=" where inKey && !quoted: inKey = false
            case "," where !quoted: store()
            default: if inKey { key.append(character) } else { value.append(character) }
            }
        }
        store()
        return result
    }

    /// The response the device should have sent, knowing its password (the method is that of the request).
    public func expectedResponse(password: String, method: String) -> String {
        let ha1 = Self.md5("\(username):\(realm):\(password)")
        let ha2 = Self.md5("\(method):\(uri)")
        // nc is hashed exactly as received (wvp upper-cases it, which breaks devices that send lower case hex).
        if let qop, let nc, let cnonce, qop.lowercased().hasPrefix("auth") {
            return Self.md5("\(ha1):\(nonce):\(nc):\(cnonce):\(qop):\(ha2)")
        }
        return Self.md5("\(ha1):\(nonce):\(ha2)")
    }

    /// True when the response matches `password`; compared without early exit.
    public func verify(password: String, method: String) -> Bool {
        let expected = Array(expectedResponse(password: password, method: method).utf8)
        let given = Array(response.lowercased().utf8)
        guard expected.count == given.count else { return false }
        return zip(expected, given).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    static func md5(_ text: String) -> String {
        Insecure.MD5.hash(data: Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
