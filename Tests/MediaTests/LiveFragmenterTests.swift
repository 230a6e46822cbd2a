import Foundation
@testable import Media
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

    /// The init segment and the fragments, concatenated, are a file ffprobe reads: the camera's codec from a
    /// keyframe, one packet per fragment. H.265 goes as `hvc1` with its codec string, for the browsers that play it.
    @Test(arguments: [("plates/slideshow.mp4", "h264", "avc1.64", 200), ("codecs/h265.mkv", "hevc", "hvc1.1.6.L", 60)])
    func theInitSegmentAndFragmentsMakeAPlayableFile(file: String, codec: String, codecString: String, least: Int) async throws {
        let ring = PacketRing(limits: RingLimits(seconds: 60, bytes: 64 << 20))
        let live = LiveFragmenter(ring: ring)
        let view = live.watch()
        let feeding = Task.detached { try read(Fixtures.path(file), into: ring); ring.close() }
        let messages = try await collect(view)
        try await feeding.value
        guard case .start(let mimeType, let initSegment) = try #require(messages.first) else {
            Issue.record("the first message is not a start"); return
        }
        #expect(mimeType.hasPrefix("video/mp4; codecs=\"\(codecString)"), "\(mimeType)")
        let parts = fragments(messages)
        #expect(parts.first?.keyframe == true)
        let path = try temporaryDirectory("live").appendingPathComponent("live.mp4").path
        try (parts.reduce(initSegment) { $0 + $1.data }).write(to: URL(fileURLWithPath: path))
        let probe = try await ClipProbe(path)
        #expect(probe.codec == codec)
        #expect(probe.startsOnKeyframe)
        #expect(probe.packetTimes.count == parts.count, "one packet per fragment")
        #expect(parts.count >= least, "\(parts.count) fragments")
        if codec == "hevc" { #expect(initSegment.range(of: Data("hvc1".utf8)) != nil, "the sample entry is hvc1, not hev1") }
    }

    /// The codec strings browsers are asked about, from known setup bytes (H.265 Main, level 3.1, progressive and
    /// frame-only constraints: ISO/IEC 14496-15's own example; Main 10 high tier; H.264 High 3.1).
    @Test func codecStringsFollowTheStandard() {
        let main = Data("hvcC".utf8) + Data([0x01, 0x01, 0x60, 0x00, 0x00, 0x00, 0xB0, 0, 0, 0, 0, 0, 93])
        #expect(CodecString.hevc(initSegment: main) == "hvc1.1.6.L93.B0")
        let main10High = Data("hvcC".utf8) + Data([0x01, 0x22, 0x20, 0x00, 0x00, 0x00, 0x90, 0, 0, 0, 0, 0x01, 120])
        #expect(CodecString.hevc(initSegment: main10High) == "hvc1.2.4.H120.90.0.0.0.0.1")
        #expect(CodecString.avc(initSegment: Data("avcC".utf8) + Data([0x01, 0x64, 0x00, 0x1F])) == "avc1.64001f")
        #expect(CodecString.hevc(initSegment: Data("hvcC".utf8) + Data([0x01, 0x01])) == nil, "a box cut short")
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

    /// Live view is H.264 and H.265: another codec's view ends with a reason a person can read.
    @Test func anotherCodecEndsTheViewWithAReason() async throws {
        let ring = PacketRing(limits: RingLimits(seconds: 60, bytes: 64 << 20))
        try read(Fixtures.path("codecs/mpeg4.avi"), into: ring)
        let view = LiveFragmenter(ring: ring).watch()
        await #expect { _ = try await collect(view) } throws: { error in
            (error as? MediaError)?.kind == .unsupportedCodec && "\(error)".contains("H.264 and H.265")
        }
    }
}
