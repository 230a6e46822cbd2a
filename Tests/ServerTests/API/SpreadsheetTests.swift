import Foundation
import Incidents
import InputSafety
import NIOCore
import NIOHTTP1
import Testing

/// What a spreadsheet sends and receives: a GBK hotlist saved by a Chinese Excel or WPS is read as such, and the
/// incident CSV opens in Excel with its Chinese intact (a byte-order mark) and its times in the viewer's zone.
struct SpreadsheetTests {
    @Test func aGBKHotlistIsReadAsGBKAndBytesThatAreNeitherNameTheirLine() async throws {
        let fixture = try APIFixture()
        try await fixture.withServer { api in
            let gbk = GB18030.encode("车牌,原因\n京FK5358,被盗车辆\n黑A12345,套牌嫌疑,critical\n")
            #expect(String(validating: gbk, as: UTF8.self) == nil, "the fixture must not also be UTF-8")
            let listed = try await api.call("/api/watchlists/plates/import", as: "admin", method: .POST,
                                            body: ByteBuffer(bytes: gbk))
            #expect(listed.status == 200, "\(listed.body)")
            let reasons = try fixture.store.plateHotlist().compactMap(\.reason).sorted()
            #expect(reasons == ["套牌嫌疑", "被盗车辆"], "no mojibake: \(reasons)")

            let broken = Array("plate,reason\n京FK5358,stolen\n".utf8) + [0xFF, 0xFF, 0x0A]
            let refused = try await api.call("/api/watchlists/plates/import", as: "admin", method: .POST,
                                             body: ByteBuffer(bytes: broken))
            #expect(refused.status == 400 && refused.error.hasPrefix("line 3: the hotlist is neither UTF-8 nor GBK text"),
                    "\(refused.body)")
        }
    }

    @Test func theIncidentCSVHasAByteOrderMarkAndTheViewersTimeZone() async throws {
        let fixture = try APIFixture()
        let noon = try Date("2026-12-07T04:00:00Z", strategy: .iso8601)
        try fixture.raise(.plate, camera: "gate-a", label: "京FK5358", subject: "京FK5358", at: noon)
        try await fixture.withServer { api in
            let utc = try await api.call("/api/incidents.csv", as: "investigator")
            #expect(utc.status == 200 && utc.body.hasPrefix("\u{FEFF}id,created_at,"), "\(utc.body.prefix(40))")
            #expect(utc.body.contains(",2026-12-07T04:00:00Z,"), "UTC when no zone is given: \(utc.body)")
            let beijing = try await api.call("/api/incidents.csv?tz=Asia/Shanghai", as: "investigator")
            #expect(beijing.body.contains(",2026-12-07T12:00:00+08:00,"), "\(beijing.body)")
            let unknown = try await api.call("/api/incidents.csv?tz=Mars/Olympus", as: "investigator")
            #expect(unknown.status == 400 && unknown.error.hasPrefix("tz: 'Mars/Olympus' is not a time zone name"),
                    "\(unknown.body)")
            let json = try await api.call("/api/incidents.json?tz=Asia/Shanghai", as: "investigator")
            #expect(json.status == 400, "the JSON export keeps ISO 8601 UTC and takes no tz: \(json.body)")
        }
    }
}
