import Foundation
import Incidents
import NIOCore
import NIOHTTP1
import Testing

/// A duty officer's "seen" is theirs alone and apart from the incident's status; lists filter by it and can count.
struct IncidentReviewTests {
    private static let json = [("Content-Type", "application/json")]

    @Test func reviewsArePerCallerAndFilterTheList() async throws {
        let fixture = try APIFixture()
        let ids = try (0..<3).map { index in
            try #require(fixture.raise(.plate, camera: "gate-a", label: "京FK535\(index)", subject: "京FK535\(index)").1?.id)
        }
        try await fixture.withServer { api in
            let marked = try await api.call("/api/incidents/reviewed", as: "dispatcher", method: .POST, headers: Self.json,
                                            body: ByteBuffer(string: "{\"ids\": [\(ids[0]), \(ids[1])]}"))
            #expect(marked.status == 200 && marked.object["reviewed"] as? Int == 2, "\(marked.body)")
            let again = try await api.call("/api/incidents/reviewed", as: "dispatcher", method: .POST, headers: Self.json,
                                           body: ByteBuffer(string: "{\"ids\": [\(ids[0])]}"))
            #expect(again.object["reviewed"] as? Int == 0, "a second mark keeps the first time")

            let unseen = try await api.call("/api/incidents?reviewed=false", as: "dispatcher")
            #expect(unseen.items.compactMap { $0["id"] as? Int64 } == [ids[2]], "\(unseen.body)")
            let seen = try await api.call("/api/incidents?reviewed=true&order=asc", as: "dispatcher")
            #expect(seen.items.compactMap { $0["id"] as? Int64 } == [ids[0], ids[1]])
            #expect(seen.items.allSatisfy { $0["reviewed_at"] is String })
            #expect(seen.items.allSatisfy { $0["status"] as? String == "open" }, "reviewing is not acknowledging")

            let other = try await api.call("/api/incidents?reviewed=false", as: "investigator")
            #expect(other.items.count == 3, "another user's list is untouched")
            #expect(other.items.allSatisfy { $0["reviewed_at"] == nil })
            let detail = try await api.call("/api/incidents/\(ids[0])", as: "dispatcher")
            #expect((detail.object["incident"] as? [String: Any])?["reviewed_at"] is String, "\(detail.body)")
        }
    }

    @Test func aPageCanCarryItsTotal() async throws {
        let fixture = try APIFixture()
        for index in 0..<3 { try fixture.raise(.plate, camera: "gate-a", label: "京FK535\(index)", subject: "京FK535\(index)") }
        try await fixture.withServer { api in
            let page = try await api.call("/api/incidents?limit=1&total=true", as: "investigator")
            #expect(page.items.count == 1 && page.object["total"] as? Int == 3 && page.object["next_cursor"] is String,
                    "\(page.body)")
            let plain = try await api.call("/api/incidents?limit=1", as: "investigator")
            #expect(plain.object["total"] == nil, "counted only when asked")
        }
    }

    @Test func aCallerMarksOnlyWhatItMaySeeAndBadBodiesAreRefused() async throws {
        let fixture = try APIFixture()
        let (_, incident) = try fixture.raise(.plate, camera: "gate-b", label: "京FK5358", subject: "京FK5358")
        let id = try #require(incident?.id)
        try await fixture.withServer { api in
            let outside = try await api.call("/api/incidents/reviewed", as: "community", method: .POST, headers: Self.json,
                                             body: ByteBuffer(string: "{\"ids\": [\(id)]}"))
            #expect(outside.status == 200 && outside.object["reviewed"] as? Int == 0, "grid A's worker cannot mark grid B's")
            for body in ["", "{\"ids\": []}", "{\"ids\": \"1\"}", "[1]"] {
                let refused = try await api.call("/api/incidents/reviewed", as: "dispatcher", method: .POST,
                                                 headers: Self.json, body: ByteBuffer(string: body))
                #expect(refused.status == 400, "\(body): \(refused.body)")
            }
            let anonymous = try await api.call("/api/incidents/reviewed", method: .POST, headers: Self.json,
                                               body: ByteBuffer(string: "{\"ids\": [\(id)]}"))
            #expect(anonymous.status == 401)
        }
    }
}
