import Foundation
import Incidents
import NIOHTTP1
import Recognition
import TestSupport
import Testing
@testable import Server

/// Searching the history: filters, keyset pages, plate reads and variants, trajectories, exports.
struct HistoryTests {
    @Test func cursorPagesWalkEveryIncidentOnceNewestFirst() async throws {
        let fixture = try APIFixture()
        let start = Date(timeIntervalSince1970: 1_780_000_000)
        for index in 0..<23 {
            try fixture.raise(.plate, camera: index.isMultiple(of: 2) ? "gate-a" : "gate-b", label: "黑A1\(1000 + index)",
                              subject: "黑A1\(1000 + index)", at: start.addingTimeInterval(Double(index / 2) * 60))
        }
        try await fixture.withServer { api in
            var ids: [Int] = [], cursor: String? = nil, pages = 0
            repeat {
                let page = try await api.call("/api/incidents?limit=5" + (cursor.map { "&cursor=\($0)" } ?? ""), as: "investigator")
                #expect(page.status == 200, "\(page.body)")
                ids += page.items.compactMap { $0["id"] as? Int }
                cursor = page.object["next_cursor"] as? String
                pages += 1
            } while cursor != nil && pages < 10
            #expect(ids.count == 23 && Set(ids).count == 23, "\(ids)")
            #expect(pages == 5)
            let times = try await api.call("/api/incidents?limit=500", as: "investigator").items.compactMap { $0["created_at"] as? String }
            #expect(times == times.sorted(by: >), "newest first")
            let first = try await api.call("/api/incidents?limit=5&camera=gate-a", as: "investigator")
            let foreign = try #require(first.object["next_cursor"] as? String)
            let reused = try await api.call("/api/incidents?limit=5&camera=gate-b&cursor=\(foreign)", as: "investigator")
            #expect(reused.status == 400 && reused.error.hasPrefix("cursor:"), "\(reused.body)")
        }
    }

    @Test func plateFiltersMatchExactWildcardFuzzyAndEveryVariantRead() async throws {
        let fixture = try APIFixture()
        try fixture.raise(.plate, camera: "gate-a", label: "黑A12345", variants: ["黑A12345", "黑A1Z345"])
        try fixture.raise(.plate, camera: "gate-b", label: "黑A0D888")
        try fixture.raise(.plate, camera: "gate-b", label: "京B99999")
        try await fixture.withServer { api in
            let count1 = try await Self.count(api, "plate=%E9%BB%91A12345")
            #expect(count1 == 1)
            let count2 = try await Self.count(api, "plate=%E9%BB%91A1Z345")
            #expect(count2 == 1, "a variant read matches")
            let count3 = try await Self.count(api, "plate=%E9%BB%91A*")
            #expect(count3 == 2)
            let count4 = try await Self.count(api, "plate=%E9%BB%91A0%3F888")
            #expect(count4 == 1)
            let count5 = try await Self.count(api, "plate=%E9%BB%91A00888")
            #expect(count5 == 0)
            let count6 = try await Self.count(api, "plate=%E9%BB%91A00888&fuzzy=1")
            #expect(count6 == 1, "D read for 0, as the hotlist forgives")
            let count7 = try await Self.count(api, "plate=%E9%BB%91AOO888&fuzzy=1")
            #expect(count7 == 0, "two confusions need fuzzy=2")
            let count8 = try await Self.count(api, "plate=%E9%BB%91AOO888&fuzzy=2")
            #expect(count8 == 1)
            let count9 = try await Self.count(api, "kind=plate&camera=gate-b")
            #expect(count9 == 2)
        }
    }

    static func count(_ api: API, _ query: String) async throws -> Int {
        let reply = try await api.call("/api/sightings?" + query, as: "investigator")
        #expect(reply.status == 200, "\(query): \(reply.body)")
        return reply.items.count
    }

    @Test func aPlateTrajectoryCrossesCamerasInTimeOrderWithSpeeds() async throws {
        let fixture = try APIFixture()
        let start = Date(timeIntervalSince1970: 1_780_000_000)
        try fixture.raise(.plate, camera: "gate-a", label: "黑A12345", at: start)
        try fixture.raise(.plate, camera: "gate-b", label: "黑A12345", at: start.addingTimeInterval(600))
        try fixture.raise(.plate, camera: "far", label: "黑A12345", at: start.addingTimeInterval(900))
        try fixture.raise(.plate, camera: "far", label: "京B99999", at: start.addingTimeInterval(900))
        try await fixture.withServer { api in
            let reply = try await api.call("/api/plates/%E9%BB%91A12345/trajectory", as: "investigator")
            #expect(reply.status == 200, "\(reply.body)")
            let points = try #require(reply.object["points"] as? [[String: Any]])
            #expect(points.compactMap { $0["camera_id"] as? String } == ["gate-a", "gate-b", "far"])
            let legs = try #require(reply.object["legs"] as? [[String: Any]])
            #expect(legs.count == 2)
            let first = legs[0], second = legs[1]
            let distance = try #require(first["distance_meters"] as? Double)
            #expect(abs(distance - 7_770) < 200, "gate A to gate B is about 7.8 km: \(distance)")
            #expect(abs((first["speed_kmh"] as? Double ?? 0) - 46.6) < 2)
            #expect(first["impossible"] as? Bool == false)
            #expect(second["impossible"] as? Bool == true, "about 25 km in 5 minutes: \(second)")
        }
    }

    @Test func exportsStreamEveryMatchingIncidentAsCSVAndJSON() async throws {
        let fixture = try APIFixture()
        for index in 0..<620 {
            try fixture.raise(.plate, camera: "gate-a", label: "黑A\(10000 + index)", subject: "黑A\(10000 + index)")
        }
        try fixture.raise(.face, camera: "gate-b", label: "=cmd|' /C calc'!A0", subject: "=cmd|' /C calc'!A0")
        try await fixture.withServer { api in
            let csv = try await api.call("/api/incidents.csv", as: "investigator")
            #expect(csv.status == 200 && csv.headers["content-type"]?.hasPrefix("text/csv") == true)
            let lines = csv.body.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(lines.count == 622, "a header and 621 rows over two batches")
            #expect(csv.body.contains(",'=cmd|"), "a formula is neutralised")
            let json = try await api.call("/api/incidents.json?camera=gate-a", as: "investigator")
            #expect((json.json as? [[String: Any]])?.count == 620)
            let audit = try await api.call("/api/audit", as: "admin")
            let export = audit.items.first { $0["route"] as? String == "/api/incidents.json" }
            #expect(export?["rows"] as? Int == 620)
        }
    }
}

/// Search by photo and enrolment through the routes, with the real face models.
struct FaceSearchRouteTests {
    @Test func aSecondPhotoOfAListedPersonIsCountedWithTheFirst() async throws {
        let fixture = try APIFixture()
        let probe = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("faces/probes/lin-manuel-miranda.png")))
        try await fixture.withServer(faces: true) { api in
            var ids: [Int] = []
            for expected in [1, 2] {
                let (body, type) = API.form(["name": "Lin-Manuel Miranda", "list": "wanted", "reason": "test"], file: ("photo", probe))
                let reply = try await api.call("/api/watchlists/faces", as: "admin", method: .POST,
                                               headers: [("Content-Type", type)], body: body)
                #expect(reply.status == 201, "\(reply.body)")
                let identity = try #require(reply.json as? [String: Any])
                #expect(identity["photos"] as? Int == expected, "\(identity)")
                ids.append(identity["id"] as? Int ?? -1)
            }
            #expect(ids[0] == ids[1])
            let listed = try await api.call("/api/watchlists/faces", as: "admin")
            let entry = (listed.json as? [[String: Any]])?.first { $0["id"] as? Int == ids[0] }
            #expect(entry?["photos"] as? Int == 2, "\(listed.body)")
        }
    }

    @Test func aPhotoFindsTheStoredFaceFirstAndIsAudited() async throws {
        let fixture = try APIFixture()
        let probe = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("faces/probes/lin-manuel-miranda.png")))
        let embedding = try FaceSearch(store: fixture.store).embedding(ofPhoto: probe)
        let now = Date()
        let stored = Sighting(cameraId: "gate-a", kind: .face, firstSeen: now, lastSeen: now, bestTime: now, mediaOffset: 0,
                              box: (0, 0, 80, 80), confidence: 0, frames: 5)
        let (sighting, _, _) = try fixture.store.record(stored, faceEmbedding: embedding.bytes)
        try await fixture.withServer(faces: true) { api in
            let (body, type) = API.form(["limit": "5"], file: ("photo", probe))
            let reply = try await api.call("/api/search/face", as: "investigator", method: .POST,
                                           headers: [("Content-Type", type)], body: body)
            #expect(reply.status == 200, "\(reply.body)")
            let hits = try #require(reply.json as? [[String: Any]])
            #expect(hits.count == 1)
            #expect((hits.first?["sighting"] as? [String: Any])?["id"] as? Int == Int(sighting.id!))
            #expect((hits.first?["distance"] as? Double ?? 1) < 0.05)
            let audit = try await api.call("/api/audit", as: "admin")
            #expect(audit.items.contains { $0["route"] as? String == "/api/search/face" && $0["rows"] as? Int == 1 })
            #expect(try await api.call("/api/search/face", as: "dispatcher", method: .POST,
                                       headers: [("Content-Type", type)], body: body).status == 403)
        }
    }
}
