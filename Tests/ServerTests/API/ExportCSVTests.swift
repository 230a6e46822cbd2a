import Foundation
import Incidents
import Testing

/// The CSV a spreadsheet opens as it is: a byte-order mark (UTF-8 plates and names readable), times in the zone
/// asked for, a zone that is not one refused.
struct ExportCSVTests {
    @Test func theCSVHasABOMAndTheViewersTimes() async throws {
        let fixture = try APIFixture()
        try fixture.raise(.plate, camera: "gate-a", label: "黑A12345", subject: "黑A12345", at: Date(timeIntervalSince1970: 1_780_000_000))
        try await fixture.withServer { api in
            let utc = try await api.call("/api/incidents.csv", as: "investigator")
            #expect(utc.body.hasPrefix("\u{FEFF}id,created_at,") && utc.body.contains("黑A12345"), "\(utc.body.prefix(200))")
            let local = try await api.call("/api/incidents.csv?tz=Asia/Shanghai", as: "investigator")
            let line = try #require(local.body.components(separatedBy: "\r\n").dropFirst().first)
            #expect(line.contains("+08:00"), "\(line)")
            let wrong = try await api.call("/api/incidents.csv?tz=Mars/Olympus", as: "investigator")
            #expect(wrong.status == 400 && wrong.error.contains("tz"), "\(wrong.body)")
            #expect(try await api.call("/api/incidents.json?tz=Asia/Shanghai", as: "investigator").status == 400, "CSV only")
        }
    }
}
