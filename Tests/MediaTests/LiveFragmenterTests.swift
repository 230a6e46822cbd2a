import Foundation
import Media
import TestSupport
import Testing

/// Live view from a packet ring filled with real footage (slideshow.mp4: 10 s, 25 fps, a keyframe every 2 s).
struct LiveFragmenterTests {
    private static let slideshow = Fixtures.path("plates/slideshow.mp4")

    private func read(_ file: String = slideshow, into ring: PacketRing, timeOffset: Double = 0) throws {
        var options = ReaderOptions(threads: 1)
        options.packets = ring
        options.timeOffset = timeOffset
        let reader = try MediaReader(url: file, options: options)
        while try reader.decodeNext() != nil {}
    }

    /// Every message until the view ends (the ring closed) or `enough` says so.
    private func collect(_ view: AsyncThrowingStream<LiveMessage, any Error>,
                         until enough: ([LiveMessage]) -> Bool = { _ in false }) async throws -> [LiveMessage] {
        var messages: [LiveMessage] = []
        do {
            for try await message in view {
                messages.append(message)
                if enough(messages) { break }
            }
        } catch let error as MediaError where error.kind == .streamLost {}
        return messages
    }

    private func fragments(_ messages: [LiveMessage]) -> [(data: Data, keyframe: Bool)] {
        messages.compactMap { if case .fragment(let data, let keyframe) = $0 { (data, keyframe) } else { nil } }
    }

    /// The init segment and the fragments, concatenated, are a file ffprobe reads: H.264 from a keyframe, one
    /// packet per fragment.
    @Test func theInitSegmentAndFragmentsMakeAPlayableFile() async throws {
        let ring = PacketRing(limits: RingLimits(seconds: 60, bytes: 64 << 20))
        let live = LiveFragmenter(ring: ring)
        let view = live.watch()
        let feeding = Task.detached { try read(into: ring); ring.close() }
        let messages = try await collect(view)
        try await feeding.value
        guard case .start(let mimeType, let initSegment) = try #require(messages.first) else {
            Issue.record("the first message is not a start"); return
        }
        #expect(mimeType.hasPrefix("video/mp4; codecs=\"avc1."), "\(mimeType)")
        let parts = fragments(messages)
        #expect(parts.first?.keyframe == true)
        let path = try temporaryDirectory("live").appendingPathComponent("live.mp4").path
        try (parts.reduce(initSegment) { $0 + $1.data }).write(to: URL(fileURLWithPath: path))
        let probe = try await ClipProbe(path)
        #expect(probe.codec == "h264")
        #expect(probe.startsOnKeyframe)
        #expect(probe.packetTimes.count == parts.count, "one packet per fragment")
        #expect(parts.count >= 200, "\(parts.count) fragments of 250 frames")
    }

    /// A second viewer shares the fragmenter, gets the same init segment and starts on a keyframe; the fragmenter
    /// stops after the last viewer leaves.
    @Test func aLateViewerStartsOnAKeyframeAndTheLastOneStopsIt() async throws {
        let ring = PacketRing(limits: RingLimits(seconds: 60, bytes: 64 << 20))
        try read(into: ring)
        let live = LiveFragmenter(ring: ring)
        let first = Task { try await collect(live.watch()) { fragments($0).count >= 30 } }
        // Two more passes of the file, then the ring closes: every view ends, whichever way the viewers and the
        // feeding interleave on a loaded machine (a late viewer that came after the feeding waited for ever).
        let feeding = Task.detached {
            try read(into: ring, timeOffset: 10.04)
            try read(into: ring, timeOffset: 20.08)
            ring.close()
        }
        let earlier = try await first.value
        let late = try await collect(live.watch()) { fragments($0).count >= 10 }
        try await feeding.value
        #expect(fragments(earlier).contains { !$0.keyframe }, "the first viewer was mid-GOP")
        guard case .start(_, let lateInit) = try #require(late.first), case .start(_, let firstInit) = try #require(earlier.first) else {
            Issue.record("a view did not begin with a start"); return
        }
        #expect(lateInit == firstInit, "one fragmenter, one init segment")
        #expect(fragments(late).first?.keyframe == true)
        var waited = 0
        while live.isRunning, waited < 100 { try await Task.sleep(for: .milliseconds(100)); waited += 1 }
        #expect(!live.isRunning && live.viewers == 0)
    }

    /// Live view is H.264 only in this round: an H.265 camera's view ends with a reason a person can read.
    @Test func anotherCodecEndsTheViewWithAReason() async throws {
        let ring = PacketRing(limits: RingLimits(seconds: 60, bytes: 64 << 20))
        try read(Fixtures.path("codecs/h265.mkv"), into: ring)
        let view = LiveFragmenter(ring: ring).watch()
        await #expect { _ = try await collect(view) } throws: { error in
            (error as? MediaError)?.kind == .unsupportedCodec && "\(error)".contains("H.264")
        }
    }
}
