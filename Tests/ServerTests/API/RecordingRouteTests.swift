import Foundation
import Incidents
import NIOCore
import NIOHTTP1
import Server
import Service
import TestSupport
import Testing

/// `GET /api/cameras/{id}/recording.mp4` over the real server and real segment files: three 10 s segments of
/// gate A (slideshow.mp4, a keyframe every 2 s) joined by stream copy.
struct RecordingRouteTests {
    private let start = Date(timeIntervalSince1970: 1_796_000_000)

    private func fixture() throws -> APIFixture {
        let fixture = try APIFixture()
        for (index, offset) in [0, 10.04, 20.08].enumerated() {
            let path = fixture.snapshots.appendingPathComponent("segment-\(index).mp4").path
            try FileManager.default.copyItem(atPath: Fixtures.path("plates/slideshow.mp4"), toPath: path)
            try fixture.store.saveSegment(RecordingSegment(cameraId: "gate-a", path: path, startedAt: start.addingTimeInterval(offset),
                                                           endedAt: start.addingTimeInterval(offset + 10), bytes: 0, keyframes: [0]))
        }
        return fixture
    }

    private func route(from: Double, to: Double, camera: String = "gate-a") -> String {
        let format = ISO8601DateFormatter()
        format.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let stamp = { (offset: Double) in format.string(from: start.addingTimeInterval(offset)).replacingOccurrences(of: "+", with: "%2B") }
        return "/api/cameras/\(camera)/recording.mp4?from=\(stamp(from))&to=\(stamp(to))"
    }

    @Test func aRangeOverThreeSegmentsIsOneFileThatPlaysAndSeeks() async throws {
        let fixture = try fixture()
        let snapshots = fixture.snapshots
        try await fixture.withServer(configure: { $0.recordings = SegmentExports(store: fixture.store, directory: snapshots.path) }) { api in
            let whole = try await api.call(route(from: 5, to: 25), as: "investigator")
            #expect(whole.status == 200 && whole.headers["content-type"] == "video/mp4")
            let exported = try #require(try FileManager.default.contentsOfDirectory(atPath: snapshots.appendingPathComponent("exports").path).first)
            let probe = try await ClipProbe(snapshots.appendingPathComponent("exports/\(exported)").path)
            #expect(probe.startsOnKeyframe)
            #expect(abs(probe.duration - 20) <= 2, "the 20 s range ± one GOP: \(probe.duration) s")
            let part = try await api.call(route(from: 5, to: 25), as: "investigator", headers: [("Range", "bytes=0-99")])
            #expect(part.status == 206 && part.headers["content-length"] == "100")
            let refused = try await api.call(route(from: 5, to: 25), as: "investigator", headers: [("Range", "bytes=99999999-")])
            #expect(refused.status == 416)
        }
    }

    @Test func refusals() async throws {
        let fixture = try fixture()
        let snapshots = fixture.snapshots
        try await fixture.withServer(configure: { $0.recordings = SegmentExports(store: fixture.store, directory: snapshots.path) }) { api in
            #expect(try await api.call(route(from: 5, to: 25), as: "community").status == 403, "community tokens cannot export")
            #expect(try await api.call(route(from: 5, to: 25), as: "patrol").status == 403)
            let empty = try await api.call(route(from: 100, to: 200), as: "admin")
            #expect(empty.status == 404 && empty.error.contains("no recording of camera gate-a"), "\(empty.body)")
            #expect(try await api.call(route(from: 0, to: 3 * 3600), as: "admin").status == 413)
            #expect(try await api.call(route(from: 25, to: 5), as: "admin").status == 400)
        }
    }

    /// A video element sends no token: it plays a link the console asked for (`POST /api/media-links`), and seeks in
    /// it with Range requests; the link speaks for its caller (audited as them, refused as them) until revoked.
    @Test func aFootageLinkPlaysAndSeeksWithoutTheToken() async throws {
        let fixture = try fixture()
        let snapshots = fixture.snapshots
        try await fixture.withServer(configure: { $0.recordings = SegmentExports(store: fixture.store, directory: snapshots.path) }) { api in
            let asked = try await api.call("/api/media-links", as: "investigator", method: .POST,
                                           body: ByteBuffer(string: #"{"path":"\#(route(from: 5, to: 25))"}"#))
            let url = try #require(asked.object["url"] as? String, "\(asked.body)")
            #expect(asked.status == 201 && url.contains("&link=") && asked.object["expires_at"] is String)
            let played = try await api.call(url)
            #expect(played.status == 200 && played.headers["content-type"] == "video/mp4", "\(played.body.prefix(200))")
            let seeked = try await api.call(url, headers: [("Range", "bytes=1000-1999")])
            #expect(seeked.status == 206 && seeked.bytes == Array(played.bytes[1000..<2000]))
            let audited = try fixture.store.auditEntries(limit: 20).filter { $0.route.hasSuffix("recording.mp4") }
            #expect(audited.count == 2 && audited.allSatisfy { $0.actor == "investigator" }, "\(audited)")

            let altered = url.replacingOccurrences(of: "from=", with: "from=1")
            #expect(try await api.call(altered).error.contains("not a media link"))
            let community = try await api.call("/api/media-links", as: "community", method: .POST,
                                               body: ByteBuffer(string: #"{"path":"\#(route(from: 5, to: 25))"}"#))
            let theirs = try #require(community.object["url"] as? String)
            #expect(try await api.call(theirs).status == 403, "a link gives no more than its caller's role")
            let elsewhere = try await api.call("/api/media-links", as: "investigator", method: .POST,
                                               body: ByteBuffer(string: #"{"path":"/api/incidents?plate=*"}"#))
            #expect(elsewhere.status == 400 && elsewhere.object["field"] as? String == "path")
            _ = try fixture.store.revokeTokens(idOrName: "investigator")
            #expect(try await api.call(url).status == 401, "a revoked token's links stop too")
        }
    }

    /// A range the recording covers only in part is exported with what there is, and what it lacks is listed.
    @Test func theStretchesARangeLacksAreListed() async throws {
        let fixture = try fixture()
        let snapshots = fixture.snapshots
        try await fixture.withServer(configure: { $0.recordings = SegmentExports(store: fixture.store, directory: snapshots.path) }) { api in
            let whole = try await api.call(route(from: 5, to: 25), as: "investigator")
            #expect(whole.status == 200 && whole.headers["x-recording-gaps"] == nil, "the segments follow each other")
            let longer = try await api.call(route(from: 5, to: 45), as: "investigator")
            let gaps = try #require(longer.headers["x-recording-gaps"], "\(longer.headers)")
            let format = ISO8601DateFormatter()
            let parts = gaps.split(separator: "/").map(String.init)
            #expect(longer.status == 200 && parts.count == 2 && !gaps.contains(","), "one gap: \(gaps)")
            #expect(parts.count == 2 && format.date(from: parts[1]) == start.addingTimeInterval(45), "\(gaps)")
        }
    }

    @Test func gapsAreWhatTheSegmentsLeaveOut() {
        let segment = { (from: Double, to: Double) in
            RecordingSegment(cameraId: "c", path: "p", startedAt: start.addingTimeInterval(from), endedAt: start.addingTimeInterval(to),
                             bytes: 0, keyframes: [0])
        }
        let gaps = RecordingSegment.gaps(in: [segment(20, 30), segment(0, 10), segment(10.5, 14)], from: start, to: start.addingTimeInterval(40))
        #expect(gaps.map { [$0.lowerBound.timeIntervalSince(start), $0.upperBound.timeIntervalSince(start)] } == [[14, 20], [30, 40]])
        #expect(RecordingSegment.gaps(in: [], from: start, to: start.addingTimeInterval(10)).count == 1)
    }
}
