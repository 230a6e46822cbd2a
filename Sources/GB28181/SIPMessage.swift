/// A SIP request or response (RFC 3261) as GB/T 28181 uses it: a start line, headers, and a body counted in bytes.
///
/// ```swift
/// let message = try SIPMessage(parsing: datagram)
/// if message.method == "REGISTER" { reply(message.response(401, "Unauthorized")) }
/// ```
public struct SIPMessage: Sendable, Equatable {
    public enum StartLine: Sendable, Equatable {
        case request(method: String, uri: String)
        case response(code: Int, reason: String)
    }

    public var startLine: StartLine
    /// In order, names as sent; looked up without regard to case or compact form.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(_ startLine: StartLine, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.startLine = startLine
        self.headers = headers
        self.body = body
    }

    public static func == (a: SIPMessage, b: SIPMessage) -> Bool {
        a.startLine == b.startLine && a.body == b.body
            && a.headers.map { "\($0.name):\($0.value)" } == b.headers.map { "\($0.name):\($0.value)" }
    }

    public var method: String? { if case .request(let method, _) = startLine { method } else { nil } }
    public var statusCode: Int? { if case .response(let code, _) = startLine { code } else { nil } }

    /// RFC 3261 §7.3.3 compact forms.
    static let compactNames = ["i": "call-id", "f": "from", "t": "to", "v": "via", "l": "content-length",
                               "c": "content-type", "m": "contact", "s": "subject", "k": "supported"]

    static func canonical(_ name: String) -> String {
        let lower = name.lowercased()
        return compactNames[lower] ?? lower
    }

    /// The first value of a header.
    public subscript(_ name: String) -> String? {
        let wanted = Self.canonical(name)
        return headers.first { Self.canonical($0.name) == wanted }?.value
    }

    /// Every value of a header, in order (Via may repeat).
    public func values(_ name: String) -> [String] {
        let wanted = Self.canonical(name)
        return headers.filter { Self.canonical($0.name) == wanted }.map(\.value)
    }

    public var callID: String? { self["Call-ID"] }

    /// The CSeq number and method.
    public var cseq: (number: Int, method: String)? {
        guard let parts = self["CSeq"]?.split(separator: " ", omittingEmptySubsequences: true), parts.count == 2,
              let number = Int(parts[0]) else { return nil }
        return (number, String(parts[1]))
    }

    /// The message as sent: `Content-Length` is the body's byte count whatever a header said.
    public var serialised: [UInt8] {
        var text: String
        switch startLine {
        case .request(let method, let uri): text = "\(method) \(uri) SIP/2.0\r\n"
        case .response(let code, let reason): text = "SIP/2.0 \(code) \(reason)\r\n"
        }
        for header in headers where Self.canonical(header.name) != "content-length" {
            text += "\(header.name): \(header.value)\r\n"
        }
        text += "Content-Length: \(body.count)\r\n\r\n"
        return Array(text.utf8) + body
    }

    /// A response to this request: Via, From, To, Call-ID and CSeq copied, a tag added to To when it has none.
    public func response(_ code: Int, _ reason: String, toTag: String? = nil) -> SIPMessage {
        var headers: [(name: String, value: String)] = values("Via").map { ("Via", $0) }
        if let from = self["From"] { headers.append(("From", from)) }
        if var to = self["To"] {
            if let toTag, !to.lowercased().contains(";tag=") { to += ";tag=\(toTag)" }
            headers.append(("To", to))
        }
        if let callID { headers.append(("Call-ID", callID)) }
        if let cseq = self["CSeq"] { headers.append(("CSeq", cseq)) }
        return SIPMessage(.response(code: code, reason: reason), headers: headers)
    }
}
