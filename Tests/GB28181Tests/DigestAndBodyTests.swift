import GB28181
import InputSafety
import Testing

/// Digest authentication, GB18030 decoding and MANSCDP bodies.
struct DigestAndBodyTests {
    /// RFC 2617 §3.5's worked example.
    @Test func theRFCExampleVerifies() throws {
        let header = """
            Digest username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", \
            uri="/dir/index.html", qop=auth, nc=00000001, cnonce="0a4f113b", \
            response="6629fae49393a05397450978507c4ef1", opaque="5ccc069c403ebaf9f0171e9517f40e41"
            """
        let credentials = try #require(DigestCredentials(authorization: header))
        #expect(credentials.verify(password: "Circle Of Life", method: "GET"))
        #expect(!credentials.verify(password: "circle of life", method: "GET"))
        #expect(DigestCredentials(authorization: "Basic QWxhZGRpbjpvcGVu") == nil)
    }

    @Test func gb18030DecodesWhatGB2312Cannot() {
        // 哈密 then 镕 (U+9555: in GBK/GB18030, not in GB2312), as a device sends it.
        #expect(GB18030.decode([185, 254, 195, 220, 233, 70]) == "哈密镕")
        #expect(GB18030.encode("哈密镕") == [185, 254, 195, 220, 233, 70])
        #expect(GB18030.decode([0xFF, 0xFF, 0x30]) == nil, "0xFF is no GB18030 lead byte")
    }

    @Test func aCatalogAnswerIsReadWhateverItsHeaderSays() throws {
        let body = GB18030.encode("""
            <?xml version="1.0" encoding="GB2312"?>
            <Response><CmdType>Catalog</CmdType><SN>7</SN><DeviceID>34020000001320000001</DeviceID><SumNum>2</SumNum>
            <DeviceList Num="1"><Item><DeviceID>34020000001310000001</DeviceID><Name>哈密尔顿剧场 镕 &amp; 门口</Name>
            <Status>ON</Status></Item></DeviceList></Response>
            """)
        let message = try MANSCDPMessage(body: body)
        #expect(message.root == "Response" && message.cmdType == "Catalog" && message.sn == 7)
        #expect(message.value("SumNum") == "2")
        #expect(message.items == [.init(deviceID: "34020000001310000001", name: "哈密尔顿剧场 镕 & 门口", status: "ON", parentID: nil)])
    }

    @Test(arguments: [
        "<Notify><CmdType>Keepalive</CmdType>",
        "<Bogus><CmdType>Keepalive</CmdType></Bogus>",
        "<Notify><SN>1</SN></Notify>",
        "not xml at all",
    ])
    func badXMLIsAnError(text: String) {
        #expect(throws: MANSCDPError.self) { try MANSCDPMessage(body: Array(text.utf8)) }
    }
}
