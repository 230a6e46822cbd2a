import GB28181
import InputSafety
import NIOCore
import NIOEmbedded
import Testing

/// SIP parsing and serialising: byte-counted bodies, compact headers, and every malformed shape refused with a kind.
struct SIPParserTests {
    static let register = "REGISTER sip:34020000002000000001@3402000000 SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:5061;rport;branch=z9hG4bK1\r\n"
        + "f: <sip:34020000001320000001@3402000000>;tag=1\r\n"
        + "t: <sip:34020000001320000001@3402000000>\r\n"
        + "i: call-1\r\nCSeq: 1 REGISTER\r\nExpires: 3600\r\n"

    @Test func aRequestWithCompactHeadersParses() throws {
        let message = try SIPParser.parse(datagram: Array((Self.register + "Content-Length: 0\r\n\r\n").utf8))
        #expect(message.method == "REGISTER")
        #expect(message.callID == "call-1")
        #expect(message["From"]?.contains("34020000001320000001") == true)
        #expect(message.cseq?.number == 1 && message.cseq?.method == "REGISTER")
    }

    @Test func contentLengthCountsBytesNotCharacters() throws {
        let body = GB18030.encode("<Name>哈密尔顿镕</Name>")
        let serialised = SIPMessage(.request(method: "MESSAGE", uri: "sip:x@y"), headers: [("Call-ID", "c")], body: body).serialised
        let text = String(decoding: serialised, as: UTF8.self)
        #expect(text.contains("Content-Length: \(body.count)\r\n"))
        #expect(body.count != "<Name>哈密尔顿镕</Name>".count)
        let parsed = try SIPParser.parse(datagram: serialised)
        #expect(parsed.body == body)
    }

    @Test func aResponseCopiesTheDialogHeadersAndAddsATag() throws {
        let request = try SIPParser.parse(datagram: Array((Self.register + "Content-Length: 0\r\n\r\n").utf8))
        let response = request.response(401, "Unauthorized", toTag: "abc")
        #expect(response.statusCode == 401)
        #expect(response["To"]?.hasSuffix(";tag=abc") == true)
        #expect(response["Via"] == request["Via"] && response.callID == "call-1" && response["CSeq"] == "1 REGISTER")
    }

    @Test(arguments: [
        ("REGISTER sip:a@b SIP/2.0\r\nVia: x\r\nCall-ID: 1", SIPParseError.Kind.truncatedHeaders),
        (register + "Content-Length: 500\r\n\r\nshort", .badContentLength),
        (register + "Content-Length: -3\r\n\r\n", .badContentLength),
        ("HELLO WORLD\r\n\r\n", .badStartLine),
        (register + "NoColonHere\r\nContent-Length: 0\r\n\r\n", .badHeader),
    ])
    func malformedDatagramsAreRefusedWithAKind(text: String, kind: SIPParseError.Kind) {
        #expect(throws: SIPParseError.self) { try SIPParser.parse(datagram: Array(text.utf8)) }
        do { _ = try SIPParser.parse(datagram: Array(text.utf8)) } catch { #expect(error.kind == kind, "\(error)") }
    }

    @Test func headerBytesThatAreNotUTF8AreRefused() {
        let bytes = Array("MESSAGE sip:a@b SIP/2.0\r\nFrom: ".utf8) + [0xFF, 0xFE, 0xB9] + Array("\r\n\r\n".utf8)
        #expect { try SIPParser.parse(datagram: bytes) } throws: { ($0 as? SIPParseError)?.kind == .badHeader }
    }

    @Test func aOneMegabyteBodyIsTooLarge() {
        let bytes = Array((Self.register + "Content-Length: 1048576\r\n\r\n").utf8) + [UInt8](repeating: 0x41, count: 1 << 20)
        #expect { try SIPParser.parse(datagram: bytes) } throws: { ($0 as? SIPParseError)?.status.code == 413 }
        let stream = ByteBuffer(string: Self.register + "Content-Length: 1048576\r\n\r\n")
        #expect { try EmbeddedChannel(handler: ByteToMessageHandler(SIPMessageDecoder())).writeInbound(stream) } throws: {
            ($0 as? SIPStreamError)?.error.kind == .tooLarge
        }
    }

    /// Removed byte by byte, a megabyte of keepalive CRLFs took minutes; at once, milliseconds.
    @Test func aMegabyteOfKeepaliveLineBreaksIsSkippedInLinearTime() throws {
        let message = SIPMessage(.request(method: "OPTIONS", uri: "sip:a@b"), headers: [("Call-ID", "after")]).serialised
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(SIPMessageDecoder()))
        let started = ContinuousClock.now
        try channel.writeInbound(ByteBuffer(bytes: [UInt8](repeating: 0x0D, count: 1 << 20) + [0x0A] + message))
        #expect(ContinuousClock.now - started < .seconds(10), "minutes byte by byte; a generous bound for a loaded machine")
        #expect(try channel.readInbound(as: SIPMessage.self)?.callID == "after")
        #expect(try channel.readInbound(as: SIPMessage.self) == nil)
    }
}
