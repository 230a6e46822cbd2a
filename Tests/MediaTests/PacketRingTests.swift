import Foundation
import Media
import TestSupport
import Testing

/// The packet ring over real footage: slideshow.mp4 is 10 s of 25 fps H.264 with a keyframe every 2 s (250 packets).
struct PacketRingTests {
    private static let slideshow = Fixtures.path("plates/slideshow.mp4")

    /// Reads the whole file into `ring` (decoding as the analysis does) and returns the frames decoded.
    @discardableResult
    private func read(_ path: String, into ring: PacketRing, keyframesOnly: Bool = false) throws -> Int {
        var options = ReaderOptions(threads: 1, keyframesOnly: keyframesOnly)
        options.packets = ring
        let reader = try MediaReader(url: path, options: options)
        while try reader.decodeNext() != nil {}
        return reader.framesDecoded
    }

    @Test func keepsTheLastSecondsFromAKeyframe() throws {
        let ring = PacketRing(limits: RingLimits(seconds: 3, bytes: 64 << 20))
        try read(Self.slideshow, into: ring)
        let usage = ring.usage
        // At least 3 s, at most 3 s plus one 2 s GOP.
        #expect(usage.seconds >= 3 - 0.05 && usage.seconds <= 5, "\(usage)")
        let window = ring.window(from: -1).packets
        #expect(window.first?.isKeyframe == true)
        #expect(window.count == usage.packets)
        #expect(window.map(\.bytes).reduce(0, +) == usage.bytes)
        let keyframes = window.filter(\.isKeyframe).map(\.time)
        #expect(keyframes == keyframes.sorted() && keyframes.count >= 2, "in read order: \(keyframes)")
        #expect(abs((window.map(\.time).max() ?? 0) - 9.96) < 0.05, "up to the file's last frame")
    }

    @Test func theByteCapWinsOverTime() throws {
        let cap = 120_000
        let ring = PacketRing(limits: RingLimits(seconds: 60, bytes: cap))
        try read(Self.slideshow, into: ring)
        let usage = ring.usage
        #expect(usage.bytes <= cap && usage.bytes > 0, "\(usage)")
        #expect(usage.seconds < 9, "fewer seconds than the file: \(usage)")
        #expect(ring.window(from: -1).packets.first?.isKeyframe == true)
    }

    @Test func aWindowStartsAtTheKeyframeAtOrBeforeItsTime() throws {
        let ring = PacketRing(limits: RingLimits(seconds: 60, bytes: 64 << 20))
        try read(Self.slideshow, into: ring)
        #expect(ring.usage.packets == 250, "every packet of the file")
        let window = ring.window(from: 5.0).packets
        #expect(window.first?.isKeyframe == true)
        #expect(abs((window.first?.time ?? 0) - 3.96) < 0.05, "the keyframe at 3.96 s")
        #expect(ring.window(from: -10).packets.count == 250, "older than the ring: from its first keyframe")
    }

    @Test func keyframeOnlyDecodingStillKeepsEveryPacket() throws {
        let ring = PacketRing(limits: RingLimits(seconds: 60, bytes: 64 << 20))
        let frames = try read(Self.slideshow, into: ring, keyframesOnly: true)
        #expect(frames == 6, "only the keyframes were decoded")
        #expect(ring.usage.packets == 250)
    }

    @Test func aReaderThatFellBehindLearnsItMissedPackets() throws {
        let ring = PacketRing(limits: RingLimits(seconds: 3, bytes: 64 << 20))
        try read(Self.slideshow, into: ring)
        guard case .missed = ring.packets(from: 0, waiting: 0) else { Issue.record("packet 0 was evicted"); return }
        let (_, next) = ring.window(from: 0)
        guard case .idle = ring.packets(from: next, waiting: 0.05) else { Issue.record("nothing new yet"); return }
        ring.close()
        guard case .ended = ring.packets(from: next, waiting: 5) else { Issue.record("closed: ended at once"); return }
    }

    /// What an alarm shows of a camera: the ring's newest keyframe as JPEG (the slideshow's last, at 8 s), not an
    /// older one — compared with the file's frames by ffmpeg's PSNR.
    @Test func theNewestKeyframeIsThePictureOfTheMoment() async throws {
        let ring = PacketRing(limits: RingLimits(seconds: 60, bytes: 64 << 20))
        #expect(try ring.keyframeJPEG() == nil, "an empty ring has no picture")
        try read(Self.slideshow, into: ring)
        let jpeg = try #require(try ring.keyframeJPEG())
        #expect(jpeg.starts(with: [0xFF, 0xD8]))
        let path = try temporaryDirectory("ring-snapshot").appendingPathComponent("now.jpg").path
        try Data(jpeg).write(to: URL(fileURLWithPath: path))
        let newest = try await ffmpegPSNR(Self.slideshow, at: 8.0, against: path)
        let oldest = try await ffmpegPSNR(Self.slideshow, at: 0.0, against: path)
        // The JPEG is full-range and the file's frames are not, so even the same picture stays near 25 dB; another
        // picture of the slideshow is far below it.
        #expect(newest > 22 && oldest < newest - 5, "PSNR against the frame at 8 s \(newest) dB, at 0 s \(oldest) dB")
    }
}
