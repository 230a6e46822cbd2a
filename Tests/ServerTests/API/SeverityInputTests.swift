import Foundation
import GRDB
import Incidents
import NIOCore
import NIOHTTP1
import Severities
import Testing

/// Every way a severity comes in over the API (a JSON plate, a CSV hotlist line, a face form) refuses an unknown one
/// with the same message, and a known one goes out as the same text it came in as.
struct SeverityInputTests {
    private static let refusal = "severity must be low, medium, high or critical, got 'urgent'"

    @Test func anUnknownSeverityIsRefusedAtEveryWayIn() async throws {
        let fixture = try APIFixture()
        try await fixture.withServer(faces: true) { api in
            let json = [("Content-Type", "application/json")]
            let plate = try await api.call("/api/watchlists/plates", as: "admin", method: .POST, headers: json,
                                           body: ByteBuffer(string: #"{"plate": "黑A12345", "reason": "x", "severity": "urgent"}"#))
            #expect(plate.status == 400 && plate.error == Self.refusal, "\(plate.body)")
            let csv = try await api.call("/api/watchlists/plates/import", as: "admin", method: .POST,
                                         body: ByteBuffer(string: "黑A12345,stolen,urgent\n"))
            #expect(csv.status == 400 && csv.error == "line 1: " + Self.refusal, "\(csv.body)")
            let (form, type) = API.form(["name": "X", "list": "wanted", "severity": "urgent"], file: ("photo", Data("x".utf8)))
            let face = try await api.call("/api/watchlists/faces", as: "admin", method: .POST,
                                          headers: [("Content-Type", type)], body: form)
            #expect(face.status == 400 && face.error == Self.refusal, "\(face.body)")
            #expect(try fixture.store.plateHotlist().isEmpty && fixture.store.faceWatchlist().isEmpty)
        }
    }

    @Test func aKnownSeverityIsStoredAndSentAsItsText() async throws {
        let fixture = try APIFixture()
        try await fixture.withServer { api in
            let listed = try await api.call("/api/watchlists/plates", as: "admin", method: .POST,
                                            headers: [("Content-Type", "application/json")],
                                            body: ByteBuffer(string: #"{"plate": "黑A12345", "reason": "x", "severity": "critical"}"#))
            #expect(listed.status == 201 && listed.object["severity"] as? String == "critical", "\(listed.body)")
            #expect(try fixture.store.listedPlate("黑A12345")?.severity == .critical)
            let stored = try await fixture.store.writer.read { db in try String.fetchOne(db, sql: "SELECT severity FROM watchlistPlate") }
            #expect(stored == "critical")
        }
    }
}
