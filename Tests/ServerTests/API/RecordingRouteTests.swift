import Foundation
import Incidents
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
}
