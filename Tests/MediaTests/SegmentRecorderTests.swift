import Foundation
import Media
import Synchronization
import TestSupport
import Testing

/// Continuous recording from a packet ring filled with real footage: slideshow.mp4 read twice as a looped camera
/// would be (20 s; keyframes every 2 s, at 0, 2, 3.96, 5.96, 7.96, 9.92 s of each round).
struct SegmentRecorderTests {
    private static let gop = 2.0

    @Test func segmentsStartOnKeyframesAndFollowEachOtherWithoutAGap() async throws {
        let ring = PacketRing(limits: RingLimits(seconds: 20, bytes: 64 << 20))
        let folder = try temporaryDirectory("segments")
        let segments = Mutex<[SegmentRecorder.Segment]>([])
        let recorder = SegmentRecorder(ring: ring, folder: folder.path, segmentSeconds: 4) { segment in
            segments.withLock { $0.append(segment) }
        }
        let recording = Task.detached { recorder.run() }
        for round in 0..<2 {
            var options = ReaderOptions(threads: 1)
            options.packets = ring
            options.timeOffset = Double(round) * 10.04
            let reader = try MediaReader(url: Fixtures.path("plates/slideshow.mp4"), options: options)
            while try reader.decodeNext() != nil {}
        }
        ring.close()
        await recording.value
        let written = segments.withLock { $0 }
        #expect(written.count >= 4, "\(written.map(\.start))")
        #expect(abs((written.first?.start ?? -1) - 0) < 0.05 && abs((written.last?.end ?? 0) - 20.04) < 0.1)
        for (earlier, later) in zip(written, written.dropFirst()) {
            #expect(abs(later.start - earlier.end) < 0.1, "contiguous: \(earlier.end) then \(later.start)")
        }
        for segment in written.dropLast() {
            #expect(segment.end - segment.start >= 4 - 0.1 && segment.end - segment.start <= 4 + 0.1, "about 4 s: \(segment)")
            #expect(segment.keyframes.first == 0)
            let probe = try await ClipProbe(segment.path)
            #expect(probe.startsOnKeyframe)
            #expect(abs(probe.duration - (segment.end - segment.start)) < 0.1, "\(probe.duration)")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(names.count == written.count && !names.contains { $0.hasSuffix(".part") })
    }
}
