import Foundation
import Incidents
import NIOHTTP1
import NIOCore
import Testing
@testable import Server

/// Bad input gets a 4xx with a message that names what is wrong, never a 5xx.
struct MalformedRequestTests {
    @Test(arguments: [
        ("/api/incidents?from=yesterday", "from: 'yesterday' is not an ISO 8601 time"),
        ("/api/incidents?from=2026-11-30T10:00:00Z&to=2026-11-30T09:00:00Z", "to: must be after from"),
        ("/api/incidents?limit=-1", "limit: must be 1 to 500"),
        ("/api/incidents?limit=100000000000000000000", "limit: '100000000000000000000' is not a whole number"),
        ("/api/incidents?limit=0", "limit: must be 1 to 500"),
        ("/api/incidents?cursor=bm90LWEtY3Vyc29y", "cursor: not a cursor this server issued"),
        ("/api/incidents?plate=%27%20OR%201%3D1%20--", "plate: may hold only letters, digits, Chinese characters"),
        ("/api/sightings?plate=A%25%27%3B%20DROP%20TABLE%20sighting%3B", "plate: must be 1 to 16 characters"),
        ("/api/sightings?plate=1%27%3BDROP%20TABLE", "plate: may hold only letters, digits, Chinese characters"),
        ("/api/incidents?kind=person", "kind: 'person' is not a known value"),
        ("/api/incidents?camra=gate-a", "camra: unknown parameter"),
        ("/api/incidents?plate=**", "plate: a pattern needs at least one character besides * and ?"),
        ("/api/incidents?plate=%E9%BB%91A*&fuzzy=1", "fuzzy: cannot be combined with a wildcard plate"),
        ("/api/sightings/..%2F..%2Fetc%2Fpasswd/snapshot.jpg", "id: a sighting id is a positive whole number"),
        ("/api/sightings/-3/crop.jpg", "id: a sighting id is a positive whole number"),
        ("/api/plates/%3Bselect%201/trajectory", "plate: may hold only"),
        ("/api/events?last_event_id=abc", "Last-Event-ID: 'abc' is not an event id"),
    ])
    func badQueriesAre400WithAMessage(path: String, message: String) async throws {
        let fixture = try APIFixture()
        try await fixture.withServer { api in
            let reply = try await api.call(path, as: "admin")
            #expect(reply.status == 400, "\(path): \(reply.status) \(reply.body)")
            #expect(reply.error.hasPrefix(message), "\(path): \(reply.body)")
        }
    }

    @Test func badBodiesAre4xx() async throws {
        let fixture = try APIFixture()
        try await fixture.withServer(faces: true) { api in
            let json = [("Content-Type", "application/json")]
            let broken = try await api.call("/api/watchlists/plates", as: "admin", method: .POST, headers: json,
                                            body: ByteBuffer(string: "{\"plate\": "))
            #expect(broken.status == 400 && broken.error.contains("not valid JSON"), "\(broken.body)")
            let missing = try await api.call("/api/watchlists/plates", as: "admin", method: .POST, headers: json,
                                             body: ByteBuffer(string: "{\"plate\": \"黑A12345\"}"))
            #expect(missing.status == 400 && missing.error.contains("reason"), "\(missing.body)")
            let badPlate = try await api.call("/api/watchlists/plates", as: "admin", method: .POST, headers: json,
                                              body: ByteBuffer(string: "{\"plate\": \"'; DROP TABLE x\", \"reason\": \"x\"}"))
            #expect(badPlate.status == 400, "\(badPlate.body)")
            let csv = try await api.call("/api/watchlists/plates/import", as: "admin", method: .POST,
                                         body: ByteBuffer(string: "plate,reason\n黑A12345,stolen\nnot a plate,x\n"))
            #expect(csv.status == 400 && csv.error.hasPrefix("line 3:"), "\(csv.body)")
            #expect(try fixture.store.plateHotlist().isEmpty, "a refused file lists nothing")

            let huge = Data(repeating: 0xFF, count: 50 << 20)
            let (big, bigType) = API.form(["name": "X", "list": "wanted"], file: ("photo", huge))
            let tooLarge = try await api.call("/api/watchlists/faces", as: "admin", method: .POST,
                                              headers: [("Content-Type", bigType)], body: big)
            #expect(tooLarge.status == 413, "\(tooLarge.status) \(tooLarge.body.prefix(200))")

            let (text, textType) = API.form(["name": "X", "list": "wanted"], file: ("photo", Data("just some text".utf8)))
            let notImage = try await api.call("/api/watchlists/faces", as: "admin", method: .POST,
                                              headers: [("Content-Type", textType)], body: text)
            #expect(notImage.status == 422, "\(notImage.body)")
            #expect(!notImage.body.contains("/tmp"), "no server path in the message: \(notImage.body)")
            let (search, searchType) = API.form([:], file: ("photo", Data("GIF89a nope".utf8)))
            let badSearch = try await api.call("/api/search/face", as: "investigator", method: .POST,
                                               headers: [("Content-Type", searchType)], body: search)
            #expect((400..<500).contains(badSearch.status), "\(badSearch.body)")
            let notForm = try await api.call("/api/search/face", as: "investigator", method: .POST, headers: json,
                                             body: ByteBuffer(string: "{}"))
            #expect(notForm.status == 415, "\(notForm.body)")
            let badNote = try await api.call("/api/orders/not-an-order!/ack", as: "admin", method: .POST)
            #expect(badNote.status == 400, "\(badNote.body)")
            let noOrder = try await api.call("/api/orders/00000000-0000-0000-0000-000000000000/ack", as: "admin", method: .POST)
            #expect(noOrder.status == 404, "\(noOrder.body)")
        }
    }
}
