import Foundation
import Media
import TestSupport
import Testing

/// Exports joined from segments by stream copy: three 10 s segments (slideshow.mp4, a keyframe every 2 s).
struct SegmentJoinerTests {
    private static let parts = [0.0, 10.04, 20.08].map { SegmentJoiner.Part(path: Fixtures.path("plates/slideshow.mp4"), start: $0) }
    private static let gop = 2.0

    @Test func aRangeOverThreeSegmentsPlaysThroughFromTheKeyframeBeforeIt() async throws {
        let path = try temporaryDirectory("export").appendingPathComponent("range.mp4").path
        let export = try SegmentJoiner.join(Self.parts, from: 5, to: 25, into: path)
        #expect(abs(export.start - 3.96) < 0.05, "the keyframe at or before 5 s")
        let probe = try await ClipProbe(path)
        #expect(probe.startsOnKeyframe)
        #expect(abs(probe.duration - 20) <= Self.gop, "\(probe.duration) s for a 20 s range")
        #expect(probe.packetTimes.count == export.packets)
        let times = probe.packetTimes.sorted()
        #expect(zip(times, times.dropFirst()).allSatisfy { $1 - $0 < 0.1 }, "no gap where segments meet")
    }

    @Test func aRangeWithoutFootageWritesNothing() throws {
        let directory = try temporaryDirectory("export")
        let path = directory.appendingPathComponent("none.mp4").path
        #expect(throws: MediaError.self) { try SegmentJoiner.join(Self.parts, from: 40, to: 50, into: path) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }
}
