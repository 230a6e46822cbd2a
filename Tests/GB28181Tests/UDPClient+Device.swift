import Foundation
import GB28181

/// The test plays a device over UDP, for what the simulated camera never sends: bad channel IDs, answers to
/// queries never asked, messages from another address.
extension UDPClient {
    static let domain = "3402000000"
    static let platformURI = "sip:34020000002000000001@3402000000"

    /// A request from device `from`, with a fresh Call-ID unless one is given.
    func request(_ method: String, from: String, callID: String = UUID().uuidString, cseq: Int = 1,
                 headers: String = "", body: String = "") -> [UInt8] {
        let bytes = Array(body.utf8)
        return Array(("\(method) \(Self.platformURI) SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5999;rport;branch=z9hG4bK\(UUID().uuidString.prefix(8))\r\n"
            + "From: <sip:\(from)@\(Self.domain)>;tag=t\(cseq)\r\nTo: <sip:\(from)@\(Self.domain)>\r\nCall-ID: \(callID)\r\n"
            + "CSeq: \(cseq) \(method)\r\n\(headers)Content-Length: \(bytes.count)\r\n\r\n").utf8) + bytes
    }

    /// Registers as `deviceID` through the digest challenge; the final answer's text.
    func register(_ deviceID: String, password: String) async throws -> String? {
        let callID = UUID().uuidString
        guard let nonce = try await challenge(deviceID, callID: callID) else { return nil }
        return try await exchange(authorized(deviceID, password: password, nonce: nonce, callID: callID, cseq: 2))
    }

    /// The nonce of the platform's 401.
    func challenge(_ deviceID: String, callID: String) async throws -> String? {
        try await exchange(request("REGISTER", from: deviceID, callID: callID, headers: "Expires: 3600\r\n"))
            .flatMap { $0.firstMatch(of: /nonce="([^"]+)"/) }.map { String($0.1) }
    }

    /// A REGISTER answering the challenge `nonce` with the right digest for `password`, counting `nc`.
    func authorized(_ deviceID: String, password: String, nonce: String, nc: String = "00000001", realm: String = domain,
                    callID: String, cseq: Int) -> [UInt8] {
        let parameters = "username=\"\(deviceID)\", realm=\"\(realm)\", nonce=\"\(nonce)\", uri=\"\(Self.platformURI)\", "
            + "qop=auth, nc=\(nc), cnonce=\"c0ffee\""
        var credentials = DigestCredentials(authorization: "Digest response=\"-\", " + parameters)!
        credentials.response = credentials.expectedResponse(password: password, method: "REGISTER")
        let authorization = "Authorization: Digest \(parameters), response=\"\(credentials.response)\", algorithm=MD5\r\n"
        return request("REGISTER", from: deviceID, callID: callID, cseq: cseq, headers: authorization + "Expires: 3600\r\n")
    }

    /// The SN of the Catalog query the platform sends after a registration.
    func catalogQuery() async -> Int? {
        await receive(timeout: 10) { $0.hasPrefix("MESSAGE ") && $0.contains("<CmdType>Catalog</CmdType>") }
            .flatMap { $0.firstMatch(of: /<SN>(\d+)<\/SN>/) }.flatMap { Int($0.1) }
    }

    static func manscdp(_ root: String, _ cmdType: String, sn: Int, deviceID: String, inner: String = "") -> String {
        "<?xml version=\"1.0\" encoding=\"GB2312\"?>\r\n<\(root)>\r\n<CmdType>\(cmdType)</CmdType>\r\n<SN>\(sn)</SN>\r\n"
            + "<DeviceID>\(deviceID)</DeviceID>\r\n\(inner)</\(root)>\r\n"
    }

    static func catalog(sn: Int, deviceID: String, channelIDs: [String]) -> String {
        let items = channelIDs.map { "<Item>\r\n<DeviceID>\($0)</DeviceID>\r\n<Name>cam</Name>\r\n<Status>ON</Status>\r\n</Item>\r\n" }
        return manscdp("Response", "Catalog", sn: sn, deviceID: deviceID,
                       inner: "<SumNum>\(channelIDs.count)</SumNum>\r\n<DeviceList Num=\"\(channelIDs.count)\">\r\n"
                           + items.joined() + "</DeviceList>\r\n")
    }
}
