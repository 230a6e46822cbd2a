import GB28181
import InputSafety
import Testing

/// MANSCDP bodies through the XML parser: references and CDATA decode; hostile bodies are refused, none traps.
struct MANSCDPTests {
    static func catalog(name: String, declaration: String = #"<?xml version="1.0" encoding="GB2312"?>"#) -> String {
        """
        \(declaration)
        <Response><CmdType>Catalog</CmdType><SN>7</SN><DeviceID>34020000001320000001</DeviceID><SumNum>1</SumNum>
        <DeviceList Num="1"><Item><DeviceID>34020000001310000001</DeviceID><Name>\(name)</Name>
        <ParentID>34020000001320000001</ParentID><Status>ON</Status></Item></DeviceList></Response>
        """
    }

    /// The element-name scanner left `&#x4E2D;` and `<![CDATA[…]]>` in names as they were sent.
    @Test(arguments: [
        ("&#x4E2D;&#x95E8; &#21335;", "中门 南"),
        ("<![CDATA[东门 <2> & 北]]>", "东门 <2> & 北"),
        ("前<![CDATA[ & ]]>后", "前 & 后"),
        ("A &amp; B &lt;1&gt;", "A & B <1>"),
        ("Gate & Lobby", "Gate & Lobby"),
    ])
    func namesDecodeAsXMLSays(sent: String, read: String) throws {
        let message = try MANSCDPMessage(body: GB18030.encode(Self.catalog(name: sent)))
        #expect(message.items == [.init(deviceID: "34020000001310000001", name: read, status: "ON",
                                        parentID: "34020000001320000001")])
        #expect(message.deviceID == "34020000001320000001", "the root's DeviceID, not the item's")
    }

    @Test func trailingNULsAreDropped() throws {
        let body = GB18030.encode(Self.catalog(name: "哈密 镕")) + [0, 0]
        #expect(try MANSCDPMessage(body: body).items.first?.name == "哈密 镕")
    }

    @Test(arguments: [
        ("a billion laughs", """
            <?xml version="1.0"?><!DOCTYPE Notify [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
            <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
            <Notify><CmdType>&d;&d;&d;&d;&d;&d;&d;&d;</CmdType></Notify>
            """, "DTD"),
        ("an external entity", """
            <!doctype Notify [<!ENTITY x SYSTEM "file:///etc/passwd">]><Notify><CmdType>&x;</CmdType></Notify>
            """, "DTD"),
        ("an undeclared entity", "<Notify><CmdType>Keepalive&x;</CmdType></Notify>", "XML"),
        ("a NUL character reference", "<Notify><CmdType>Keep&#0;alive</CmdType></Notify>", "XML"),
        ("an unclosed root", "<Notify><CmdType>Keepalive</CmdType>", "not closed"),
        ("deep nesting", "<Notify><CmdType>K</CmdType>" + String(repeating: "<a>", count: 5000)
            + String(repeating: "</a>", count: 5000) + "</Notify>", "deep"),
        ("a huge body", "<Notify><CmdType>K</CmdType><Info>" + String(repeating: "x", count: 300_000) + "</Info></Notify>", "bytes"),
        ("crossed elements", "<Notify><CmdType>K<SN>1</CmdType></SN></Notify>", "XML"),
    ])
    func hostileBodiesAreRefused(name: String, text: String, reason: String) {
        let error = #expect(throws: MANSCDPError.self, "\(name)") { try MANSCDPMessage(text: text) }
        #expect(error?.description.contains(reason) == true, "\(name): \(error.map(String.init(describing:)) ?? "")")
    }

    /// A bare `&` is escaped in one pass: a body of nothing else is read, not stuck on.
    @Test(arguments: ["&", "&#", "&#x", "&a", "&#12"])
    func aBodyOfBareAmpersandsIsRead(unit: String) throws {
        let info = String(repeating: unit, count: 60_000 / unit.count)
        let message = try MANSCDPMessage(text: "<Notify><CmdType>K</CmdType><Info>\(info)</Info></Notify>")
        #expect(message.value("Info") == info)
    }

    @Test func aPlatformQueryReadsBack() throws {
        let message = try MANSCDPMessage(body: MANSCDPMessage.query("Catalog", sn: 12, deviceID: "34020000001320000001"))
        #expect(message.root == "Query" && message.cmdType == "Catalog" && message.sn == 12)
    }
}
