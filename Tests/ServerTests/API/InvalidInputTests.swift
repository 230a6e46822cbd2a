import Foundation
import NIOCore
import NIOHTTP1
import Testing

/// A refused value says which one, beside its English message: the query parameter (from the server's own checks
/// and from the history query's) and, for a CSV hotlist, the line and the column, so the console can name them in
/// the reader's language.
struct InvalidInputTests {
    @Test(arguments: [
        ("/api/incidents?severity=loud", "severity"),
        ("/api/incidents?from=yesterday", "from"),
        ("/api/incidents?plate=%21%21", "plate"),
        ("/api/incidents?plate=*1*&fuzzy=1", "fuzzy"),
        ("/api/incidents?cursor=forged", "cursor"),
        ("/api/incidents?limit=0", "limit"),
    ])
    func aRefusedFilterNamesItsParameter(path: String, field: String) async throws {
        let fixture = try APIFixture()
        try await fixture.withServer { api in
            let refused = try await api.call(path, as: "investigator")
            #expect(refused.status == 400 && refused.object["code"] as? String == "invalid_input", "\(refused.body)")
            #expect(refused.object["field"] as? String == field && refused.object["line"] == nil, "\(refused.body)")
        }
    }

    @Test func aRefusedHotlistLineIsNamedWithItsColumn() async throws {
        let fixture = try APIFixture()
        try await fixture.withServer { api in
            let csv = "plate,reason,severity\n京FK5358,stolen,high\n黑A12345,cloned,loudest\n"
            let refused = try await api.call("/api/watchlists/plates/import", as: "admin", method: .POST,
                                             body: ByteBuffer(string: csv))
            #expect(refused.status == 400 && refused.object["code"] as? String == "invalid_input", "\(refused.body)")
            #expect(refused.object["line"] as? Int == 3 && refused.object["field"] as? String == "severity", "\(refused.body)")
            let broken = try await api.call("/api/watchlists/plates/import", as: "admin", method: .POST,
                                            body: ByteBuffer(bytes: Array("京FK5358,stolen\n".utf8) + [0xFF, 0xFF, 0x0A]))
            #expect(broken.object["line"] as? Int == 2 && broken.object["field"] == nil, "\(broken.body)")
        }
    }
}
