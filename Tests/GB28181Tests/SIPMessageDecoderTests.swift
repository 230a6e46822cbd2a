import GB28181
import InputSafety
import NIOCore
import NIOEmbedded
import NIOTestUtils
import Testing

/// SIP over TCP framed by `SIPMessageDecoder`: NIO's verifier feeds each message whole, byte by byte and all at
/// once; broken streams are an error that names the kind and keeps the request's head for the answer.
struct SIPMessageDecoderTests {
    /// Shaped as a Hikvision camera sends them over TCP (GB/T 28181-2016): a REGISTER without a body, a Keepalive
    /// and a Catalog answer with MANSCDP bodies in GB18030, and a 200 OK to an INVITE with SDP.
    static let register = """
        REGISTER sip:34020000002000000001@3402000000 SIP/2.0\r
        Via: SIP/2.0/TCP 192.168.1.64:5060;rport;branch=z9hG4bK1204713690\r
        From: <sip:34020000001320000001@3402000000>;tag=1437261434\r
        To: <sip:34020000001320000001@3402000000>\r
        Call-ID: 1796407462\r
        CSeq: 1 REGISTER\r
        Contact: <sip:34020000001320000001@192.168.1.64:5060>\r
        Max-Forwards: 70\r
        User-Agent: IP Camera\r
        Expires: 3600\r
        Content-Length: 0\r
        \r

        """

    static func message(_ callID: String, _ body: String) -> [UInt8] {
        let bytes = GB18030.encode(body)
        return Array("""
            MESSAGE sip:34020000002000000001@3402000000 SIP/2.0\r
            Via: SIP/2.0/TCP 192.168.1.64:5060;rport;branch=z9hG4bK\(callID)\r
            From: <sip:34020000001320000001@3402000000>;tag=2059430417\r
            To: <sip:34020000002000000001@3402000000>\r
            Call-ID: \(callID)\r
            CSeq: 20 MESSAGE\r
            Content-Type: Application/MANSCDP+xml\r
            Max-Forwards: 70\r
            User-Agent: IP Camera\r
            Content-Length: \(bytes.count)\r
            \r

            """.utf8) + bytes
    }

    static let keepalive = message("1351035612", """
        <?xml version="1.0" encoding="GB2312"?>\r
        <Notify>\r
        <CmdType>Keepalive</CmdType>\r
        <SN>52</SN>\r
        <DeviceID>34020000001320000001</DeviceID>\r
        <Status>OK</Status>\r
        <Info>\r
        </Info>\r
        </Notify>\r

        """)

    static let catalog = message("1963585331", """
        <?xml version="1.0" encoding="GB2312"?>\r
        <Response>\r
        <CmdType>Catalog</CmdType>\r
        <SN>17</SN>\r
        <DeviceID>34020000001320000001</DeviceID>\r
        <SumNum>1</SumNum>\r
        <DeviceList Num="1">\r
        <Item>\r
        <DeviceID>34020000001310000001</DeviceID>\r
        <Name>哈密尔顿剧场 镕 门口</Name>\r
        <Manufacturer>Hikvision</Manufacturer>\r
        <Status>ON</Status>\r
        </Item>\r
        </DeviceList>\r
        </Response>\r

        """)

    static let inviteOK: [UInt8] = {
        let sdp = "v=0\r\no=34020000001310000001 0 0 IN IP4 192.168.1.64\r\ns=Play\r\nc=IN IP4 192.168.1.64\r\n"
            + "t=0 0\r\nm=video 15060 TCP/RTP/AVP 96\r\na=setup:active\r\na=sendonly\r\na=rtpmap:96 PS/90000\r\ny=0100000001\r\n"
        return Array("""
            SIP/2.0 200 OK\r
            Via: SIP/2.0/TCP 192.168.1.10:5060;rport=5060;branch=z9hG4bKinvite1\r
            From: <sip:34020000002000000001@3402000000>;tag=plat1\r
            To: <sip:34020000001310000001@3402000000>;tag=2078514384\r
            Call-ID: invite-1\r
            CSeq: 1 INVITE\r
            Contact: <sip:34020000001320000001@192.168.1.64:5060>\r
            Content-Type: application/sdp\r
            Content-Length: \(sdp.utf8.count)\r
            \r

            """.utf8) + Array(sdp.utf8)
    }()

    @Test func capturedMessagesAreFramedHoweverTheBytesArrive() throws {
        // Keepalive line breaks between messages (RFC 5626) belong to the message after them.
        let inputs: [[UInt8]] = [Array(Self.register.utf8), Self.keepalive, Array("\r\n\r\n".utf8) + Self.catalog, Self.inviteOK]
        let pairs = try inputs.map { bytes in
            let start = bytes.firstIndex { $0 != 0x0D && $0 != 0x0A } ?? 0
            return (ByteBuffer(bytes: bytes), [try SIPParser.parse(datagram: bytes[start...])])
        }
        #expect(try MANSCDPMessage(body: pairs[1].1[0].body).cmdType == "Keepalive")
        #expect(pairs[3].1[0].statusCode == 200 && pairs[2].1[0].callID == "1963585331")
        try ByteToMessageDecoderVerifier.verifyDecoder(inputOutputPairs: pairs) { SIPMessageDecoder() }
    }

    @Test func aCatalogSplitInsideAGB18030CharacterIsReadWhole() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(SIPMessageDecoder()))
        let cut = Self.catalog.count - 120
        try channel.writeInbound(ByteBuffer(bytes: Self.catalog[..<cut]))
        #expect(try channel.readInbound(as: SIPMessage.self) == nil)
        try channel.writeInbound(ByteBuffer(bytes: Self.catalog[cut...]))
        let message = try #require(try channel.readInbound(as: SIPMessage.self))
        #expect(try MANSCDPMessage(body: message.body).items.first?.name == "哈密尔顿剧场 镕 门口")
    }

    @Test(arguments: [
        ("no Content-Length", "MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h\r\nCall-ID: x\r\nCSeq: 1 MESSAGE\r\n\r\nbody", SIPParseError.Kind.badContentLength, true),
        ("a negative length", "MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h\r\nCall-ID: x\r\nContent-Length: -1\r\n\r\n", .badContentLength, true),
        ("not SIP", "GET / HTTP/1.1\r\nHost: x\r\n\r\n", .badStartLine, false),
        ("a header without a colon", "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h\r\nCall-ID: y\r\nno colon\r\nContent-Length: 0\r\n\r\n", .badHeader, true),
        ("a body over the limit", "INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h\r\nCall-ID: z\r\nContent-Length: 70000\r\n\r\n", .tooLarge, true),
    ])
    func aBrokenStreamIsAnErrorAfterTheMessagesBeforeIt(name: String, text: String, kind: SIPParseError.Kind, answerable: Bool) throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(SIPMessageDecoder()))
        #expect(throws: SIPStreamError.self, "\(name)") {
            try channel.writeInbound(ByteBuffer(bytes: Self.keepalive + Array(text.utf8)))
        }
        #expect(try channel.readInbound(as: SIPMessage.self)?.callID == "1351035612", "\(name): the message before")
        do {
            try channel.writeInbound(ByteBuffer(bytes: Self.keepalive + Array(text.utf8)))
        } catch let error as SIPStreamError {
            Issue.record("\(name): a second error after the first: \(error)")
        } catch {
            // NIO's `dataReceivedInErrorState`: the connection is being closed.
        }
        let fresh = EmbeddedChannel(handler: ByteToMessageHandler(SIPMessageDecoder()))
        do {
            try fresh.writeInbound(ByteBuffer(string: text))
            Issue.record("\(name) was accepted")
        } catch let error as SIPStreamError {
            #expect(error.error.kind == kind, "\(name): \(error.error)")
            #expect((error.head?.callID != nil) == answerable, "\(name): the head for the answer")
        }
    }

    @Test func endlessHeadersAreRefusedAtTheLimit() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(SIPMessageDecoder()))
        try channel.writeInbound(ByteBuffer(string: "OPTIONS sip:a@b SIP/2.0\r\n"))
        #expect {
            // 20,000 lines of 23 bytes: far past the 16 KiB limit, where the decoder must stop it.
            for _ in 0..<20_000 { try channel.writeInbound(ByteBuffer(string: "X-Padding: 0123456789\r\n")) }
        } throws: { ($0 as? SIPStreamError)?.error.kind == .tooLarge }
    }

    /// Random bytes end in an error or wait for more; none traps.
    @Test func randomBytesNeverTrap() throws {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<300 {
            let channel = EmbeddedChannel(handler: ByteToMessageHandler(SIPMessageDecoder()))
            let prefix = round % 3 == 0 ? Array(Self.register.utf8.prefix(Int.random(in: 0...200, using: &generator))) : []
            let junk = (0..<Int.random(in: 0...3000, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            _ = try? channel.writeInbound(ByteBuffer(bytes: prefix + junk))
            _ = try? channel.finish()
        }
    }
}
