import Recognition
import Severities
import Testing

struct PlateTextTests {
    @Test(arguments: [("黑Ａ·１２３４５", "黑A12345"), (" 京 fk-5358 ", "京FK5358"), ("粤B•D12345", "粤BD12345")])
    func normalisesOCROutput(raw: String, plate: String) {
        #expect(PlateText.normalise(raw) == plate)
    }

    @Test(arguments: [
        ("京FK5358", PlateText.Kind.standard), ("粤B1234学", .standard), ("沪A1234警", .standard),
        ("粤BD12345", .newEnergy), ("苏E12345挂", nil), ("京IK5358", nil), ("A12345", nil), ("哈A12345", nil),
        ("京F5358", nil), ("京FK535O", nil),
    ] as [(String, PlateText.Kind?)])
    func validatesChinesePlateSyntax(plate: String, kind: PlateText.Kind?) {
        #expect(PlateText.kind(of: plate) == kind)
    }
}

struct PlateHotlistTests {
    private let hotlist = PlateHotlist(entries: [
        .init(pattern: "黑A12345", list: "hotlist", reason: "stolen", severity: .high),
        .init(pattern: "京FB8358", list: "hotlist", reason: "wanted", severity: .critical),
        .init(pattern: "辽B*88", list: "hotlist", reason: "fake plates seen", severity: .medium),
    ])

    @Test func exactMatchComesFirst() {
        #expect(hotlist.match("黑A12345")?.entry == hotlist.entries[0])
        #expect(hotlist.match("黑A12345")?.confusions == 0)
        #expect(hotlist.match("黑Ａ１２３４５")?.entry.pattern == "黑A12345")
    }

    @Test func oneOCRConfusionStillHits() {
        #expect(hotlist.match("京F88358")?.entry == hotlist.entries[1], "8 read for B")
        #expect(hotlist.match("京F88358")?.confusions == 1)
        #expect(hotlist.match("黑AI2345")?.confusions == 1, "I read for 1")
        #expect(hotlist.match("黑A1234S")?.entry.reason == "stolen", "S read for 5")
    }

    @Test func realDifferencesOrTooManyConfusionsDoNotHit() {
        #expect(hotlist.match("黑A12375") == nil, "7 is not 4")
        #expect(hotlist.match("黑A17346") == nil, "two real differences")
        #expect(hotlist.match("京F883S8") == nil, "two confusions, one allowed by default")
        #expect(PlateHotlist(entries: hotlist.entries, maximumConfusions: 2).match("京F883S8")?.confusions == 2)
        #expect(hotlist.match("吉A12345") == nil, "another province")
    }

    @Test func wildcards() {
        #expect(hotlist.match("辽B12388")?.entry.reason == "fake plates seen")
        #expect(hotlist.match("辽B88")?.entry.pattern == "辽B*88")
        #expect(hotlist.match("辽C12388") == nil)
        let single = PlateHotlist(entries: [.init(pattern: "黑A?2345", list: "h", reason: nil, severity: .low)])
        #expect(single.match("黑A92345") != nil)
        #expect(single.match("黑A992345") == nil)
    }
}
