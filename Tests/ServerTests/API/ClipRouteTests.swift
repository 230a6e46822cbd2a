import Foundation
import Incidents
import TestSupport
import Testing
@testable import Server

/// `GET /api/incidents/{id}/clip.mp4` over the real server: who may fetch it, Range requests (206, 416), and
/// `clip_url` only once a clip row exists.
struct ClipRouteTests {
    /// An incident at grid A's gate with a clip file (real footage) in the snapshot directory, and one without.
    private func fixture() throws -> (APIFixture, clipped: Int64, bare: Int64, bytes: Data) {
        let fixture = try APIFixture()
        let clipped = try #require(try fixture.raise(.plate, camera: "gate-a", label: "黑A12345", subject: "黑A12345").1?.id)
        let bare = try #require(try fixture.raise(.plate, camera: "gate-a", label: "黑A54321", subject: "黑A54321").1?.id)
        let path = fixture.snapshots.appendingPathComponent("incident-\(clipped).mp4")
        try FileManager.default.copyItem(atPath: Fixtures.path("codecs/h264.mp4"), toPath: path.path)
        try fixture.store.saveClip(IncidentClip(incidentId: clipped, path: path.path, startedAt: Date(), seconds: 3,
                                                hitOffset: 1, bytes: 0))
        return (fixture, clipped, bare, try Data(contentsOf: path))
    }

    @Test func theClipIsServedWholeAndInRanges() async throws {
        let (fixture, clipped, _, bytes) = try fixture()
        try await fixture.withServer { api in
            let route = "/api/incidents/\(clipped)/clip.mp4"
            let whole = try await api.call(route, as: "investigator")
            #expect(whole.status == 200 && Data(whole.body.utf8).count > 0)
            #expect(whole.headers["content-type"] == "video/mp4" && whole.headers["accept-ranges"] == "bytes")
            let part = try await api.call(route, as: "investigator", headers: [("Range", "bytes=10-19")])
            #expect(part.status == 206)
            #expect(part.headers["content-range"] == "bytes 10-19/\(bytes.count)")
            #expect(part.headers["content-length"] == "10")
            let tail = try await api.call(route, as: "investigator", headers: [("Range", "bytes=-5")])
            #expect(tail.status == 206 && tail.headers["content-range"] == "bytes \(bytes.count - 5)-\(bytes.count - 1)/\(bytes.count)")
            for bad in ["bytes=\(bytes.count)-", "bytes=20-10", "bytes=abc", "items=0-1"] {
                let refused = try await api.call(route, as: "investigator", headers: [("Range", bad)])
                #expect(refused.status == 416, "\(bad)")
                #expect(refused.headers["content-range"] == "bytes */\(bytes.count)", "\(bad)")
            }
        }
    }

    @Test func callersGetTheClipAsTheyGetTheIncident() async throws {
        let (fixture, clipped, bare, _) = try fixture()
        try await fixture.withServer { api in
            let route = "/api/incidents/\(clipped)/clip.mp4"
            #expect(try await api.call(route, as: "community").status == 200, "grid A's worker: an incident of grid A")
            #expect(try await api.call(route, as: "community-b").status == 404, "grid B's worker does not see it")
            #expect(try await api.call(route).status == 401)
            let detail = try await api.call("/api/incidents/\(clipped)", as: "admin").object["incident"] as? [String: Any]
            #expect(detail?["clip_url"] as? String == route)
            #expect(detail?["clip_hit_offset"] as? Double == 1)
            let plain = try await api.call("/api/incidents/\(bare)", as: "admin").object["incident"] as? [String: Any]
            #expect(plain?["clip_url"] == nil, "no clip row, no link")
            #expect(try await api.call("/api/incidents/\(bare)/clip.mp4", as: "admin").status == 404)
        }
    }

    @Test func aRowPointingOutsideTheSnapshotDirectoryGetsNothing() async throws {
        let (fixture, _, bare, _) = try fixture()
        try fixture.store.saveClip(IncidentClip(incidentId: bare, path: Fixtures.path("codecs/h264.mp4"), startedAt: Date(),
                                                seconds: 3, hitOffset: 1, bytes: 0))
        try await fixture.withServer { api in
            let reply = try await api.call("/api/incidents/\(bare)/clip.mp4", as: "admin")
            #expect(reply.status == 404)
        }
    }

    @Test(arguments: [
        ("bytes=0-0", 100, ByteRange.Request.part(ByteRange(first: 0, last: 0))),
        ("bytes=90-200", 100, .part(ByteRange(first: 90, last: 99))),
        ("bytes=-200", 100, .part(ByteRange(first: 0, last: 99))),
        ("bytes=0-1,5-6", 100, .whole), ("bytes=-0", 100, .unsatisfiable), ("bytes=-", 100, .unsatisfiable),
        ("bytes=0-", 0, .unsatisfiable),
    ])
    func rangeHeaders(header: String, size: Int, expected: ByteRange.Request) {
        #expect(ByteRange.parse(header, size: size) == expected)
    }
}
