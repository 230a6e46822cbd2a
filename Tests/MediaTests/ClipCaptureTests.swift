import Foundation
import Media
import TestSupport
import Testing

/// Clips written by stream copy from a packet ring filled with real footage (slideshow.mp4: 10 s, 25 fps, a
/// keyframe every 2 s at 0, 2, 3.96, 5.96, 7.96, 9.92 s).
struct ClipCaptureTests {
    private static let slideshow = Fixtures.path("plates/slideshow.mp4")
    private static let gop = 2.0

    private func read(into ring: PacketRing, timeOffset: Double = 0) throws {
        var options = ReaderOptions(threads: 1)
        options.packets = ring
        options.timeOffset = timeOffset
        let reader = try MediaReader(url: Self.slideshow, options: options)
        while try reader.decodeNext() != nil {}
    }

    @Test func aClipFromTheRingStartsOnAKeyframeAndLastsItsWindow() async throws {
        let ring = PacketRing(limits: RingLimits(seconds: 60, bytes: 64 << 20))
        try read(into: ring)
        ring.close()
        let directory = try temporaryDirectory("clip")
        let path = directory.appendingPathComponent("incident-1.mp4").path
        let clip = try ClipCapture(ring: ring, path: path, from: 3, until: 8.5, latest: 8.5).run()
        #expect(abs(clip.start - 2) < 0.05, "from the keyframe at or before 3 s")
        #expect(abs(clip.seconds - 6.5) < 0.1, "\(clip.seconds)")
        let probe = try await ClipProbe(path)
        #expect(probe.codec == "h264")
        #expect(probe.startsOnKeyframe)
        #expect(abs(probe.duration - 6.5) <= Self.gop, "\(probe.duration) s")
        #expect(probe.packetTimes.count == clip.packets)
        #expect((probe.packetTimes.min() ?? -1) >= 0 && (probe.packetTimes.min() ?? 1) < 0.1, "rebased to start at 0")
        #expect(!FileManager.default.fileExists(atPath: ClipCapture(ring: ring, path: path, from: 0, until: 0, latest: 0).temporaryPath))
    }

    /// The post-roll arrives while the clip is written, across a looped file's reopening (a new stream, the same
    /// parameters): one file, its times running on.
    @Test func thePostRollIsFollowedAsItArrivesAcrossALoop() async throws {
        let ring = PacketRing(limits: RingLimits(seconds: 20, bytes: 64 << 20))
        try read(into: ring)
        let path = try temporaryDirectory("clip").appendingPathComponent("incident-2.mp4").path
        let capture = ClipCapture(ring: ring, path: path, from: 6, until: 15, latest: 15)
        let written = Task.detached { try capture.run() }
        try read(into: ring, timeOffset: 10.04)
        ring.close()
        let clip = try await written.value
        #expect(clip.cutShort == nil, "reached its end: \(clip.cutShort ?? "")")
        #expect(abs(clip.start - 5.96) < 0.05)
        let probe = try await ClipProbe(path)
        #expect(probe.startsOnKeyframe)
        #expect(abs(probe.duration - 9) <= Self.gop, "\(probe.duration) s")
        let times = probe.packetTimes.sorted()
        #expect(zip(times, times.dropFirst()).allSatisfy { $1 - $0 < 0.1 }, "no gap at the loop")
    }

    /// Whatever the camera's container (MPEG-TS as GB/T 28181 and UDP cameras send, FLV as RTMP does, Matroska), the
    /// packets copy into an MP4 that ffprobe reads, from a keyframe.
    @Test(arguments: [("codecs/h264.ts", "h264"), ("codecs/h264.flv", "h264"), ("codecs/h265.mkv", "hevc"),
                      ("codecs/mpeg4.avi", "mpeg4")])
    func packetsOfEachContainerCopyIntoAnMP4(file: String, codec: String) async throws {
        let ring = PacketRing(limits: RingLimits(seconds: 60, bytes: 64 << 20))
        var options = ReaderOptions(threads: 1)
        options.packets = ring
        let reader = try MediaReader(url: Fixtures.path(file), options: options)
        while try reader.decodeNext() != nil {}
        ring.close()
        let path = try temporaryDirectory("clip").appendingPathComponent("copy.mp4").path
        let clip = try ClipCapture(ring: ring, path: path, from: -1, until: 60, latest: 60).run()
        let probe = try await ClipProbe(path)
        #expect(probe.codec == codec)
        #expect(probe.startsOnKeyframe)
        #expect(probe.packetTimes.count == clip.packets && clip.packets == ring.usage.packets, "every packet copied")
        #expect(abs(probe.duration - clip.seconds) < 0.2, "\(probe.duration) s, \(clip.seconds) s")
    }

    /// A later sighting moves the end later, never earlier, and never past the cap.
    @Test func extendingMovesTheEndUpToTheCap() throws {
        let ring = PacketRing(limits: RingLimits(seconds: 60, bytes: 64 << 20))
        try read(into: ring)
        ring.close()
        let directory = try temporaryDirectory("clip")
        let capped = ClipCapture(ring: ring, path: directory.appendingPathComponent("a.mp4").path, from: 0, until: 3, latest: 6)
        capped.extend(until: 9)
        #expect(abs(try capped.run().seconds - 6) < 0.1, "capped at 6 s")
        let kept = ClipCapture(ring: ring, path: directory.appendingPathComponent("b.mp4").path, from: 0, until: 4, latest: 9)
        kept.extend(until: 2)
        #expect(abs(try kept.run().seconds - 4) < 0.1, "an earlier time does not shorten it")
    }

    @Test func anEmptyRingWritesNothingAndSaysWhy() throws {
        let directory = try temporaryDirectory("clip")
        let path = directory.appendingPathComponent("incident-3.mp4").path
        #expect(throws: MediaError.self) { try ClipCapture(ring: PacketRing(), path: path, from: 0, until: 1, latest: 1).run() }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test func unfinishedClipsAreRemovedAndFinishedOnesKept() throws {
        let directory = try temporaryDirectory("clip")
        for name in [".incident-4.mp4.part", "incident-5.mp4", ".keep"] {
            _ = FileManager.default.createFile(atPath: directory.appendingPathComponent(name).path, contents: Data([1]))
        }
        #expect(ClipCapture.removeUnfinished(in: directory.path) == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == [".keep", "incident-5.mp4"])
    }
}
