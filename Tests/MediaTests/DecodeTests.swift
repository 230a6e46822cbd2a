import Foundation
import Media
import TestSupport
import Testing

struct DecodeTests {
    /// Frame counts as ffprobe -count_frames reports them for each fixture.
    @Test(arguments: [
        ("codecs/h264.mp4", "h264", 90), ("codecs/h264.flv", "h264", 65), ("codecs/h264.ts", "h264", 65),
        ("codecs/h265.mkv", "hevc", 65), ("codecs/mpeg4.avi", "mpeg4", 65), ("codecs/mjpeg.avi", "mjpeg", 22),
        ("codecs/vp9.mkv", "vp9", 65), ("short_hamilton_clip.mp4", "h264", 275),
    ])
    func decodesEveryFrameOfEachCodecAndContainer(file: String, codec: String, frames: Int) throws {
        let reader = try MediaReader(url: Fixtures.path(file))
        #expect(reader.source.codecName == codec)
        var last = -1.0
        while let info = try reader.decodeNext() {
            #expect(info.time >= last, "timestamps go forward")
            last = info.time
        }
        #expect(reader.framesDecoded == frames)
        #expect(reader.decodeErrors == 0)
    }

    @Test func truncatedFileYieldsTheFramesBeforeTheCut() throws {
        let reader = try MediaReader(url: Fixtures.path("truncated.mp4"))
        while try reader.decodeNext() != nil {}
        #expect(reader.framesDecoded > 100)
        #expect(reader.framesDecoded < 275)
    }

    @Test func corruptBytesAreCountedAndTheRestIsDecoded() throws {
        let reader = try MediaReader(url: Fixtures.path("corrupt.mp4"))
        var times: [Double] = []
        while let info = try reader.decodeNext() { times.append(info.time) }
        #expect(reader.decodeErrors > 0)
        // Damage sits at 30%, 55% and 80% of the file: frames on both sides of each are decoded.
        #expect(times.count > 200)
        #expect(times.contains { $0 > 8.5 })
    }

    @Test func missingFileIsAClearError() throws {
        #expect { try MediaReader(url: "/nonexistent/clip.mp4") } throws: { error in
            let error = error as? MediaError
            return error?.kind == .notFound && error?.message.contains("no such file") == true
        }
    }

    @Test func textFileNamedMp4IsNotAVideo() throws {
        #expect { try MediaReader(url: Fixtures.path("not-a-video.mp4")) } throws: { error in
            let error = error as? MediaError
            return error?.kind == .notVideo && error?.message.contains("not a video") == true
        }
    }

    /// A server that accepts and never answers: only the open deadline ends the attempt, and one deadline covers
    /// connecting and probing together.
    @Test(arguments: ["rtsp", "http"])
    func unreachableURLFailsWithinTheOpenTimeout(scheme: String) throws {
        let server = try SilentServer()
        var options = ReaderOptions()
        options.source.openTimeout = .seconds(1)
        let start = ContinuousClock.now
        #expect { try MediaReader(url: "\(scheme)://127.0.0.1:\(server.port)/cam", options: options) } throws: { error in
            let error = error as? MediaError
            return error?.kind == .unreachable && error?.message.contains("no answer within 1.0 seconds") == true
        }
        let elapsed = (ContinuousClock.now - start).seconds
        #expect(elapsed >= 0.9, "the deadline, not a refusal, ended it")
        #expect(elapsed < 1.9, "within one open timeout")
    }

    @Test func hugeDeclaredFrameSizeIsRefusedBeforeDecoding() throws {
        let start = ContinuousClock.now
        #expect { try MediaReader(url: Fixtures.path("huge-sps.h264")) } throws: { error in
            let error = error as? MediaError
            return error?.kind == .tooLarge && error?.message.contains("16000x16000") == true
        }
        #expect(ContinuousClock.now - start < .seconds(30), "from the header, not by decoding 256 Mpx frames (generous)")
    }

    @Test func fileWithNothingDecodableYieldsNoFrameAndCountsErrors() throws {
        let reader = try MediaReader(url: Fixtures.path("undecodable.mp4"))
        while try reader.decodeNext() != nil {}
        #expect(reader.framesDecoded == 0)
        #expect(reader.decodeErrors > 0)
    }

    @Test func keyframesOnlyDecodesOnlyKeyframes() throws {
        let reader = try MediaReader(url: Fixtures.hamilton, options: ReaderOptions(keyframesOnly: true))
        var keyframes = 0
        while let info = try reader.decodeNext() { if info.isKeyframe { keyframes += 1 } }
        #expect(reader.framesDecoded == keyframes)
        #expect(keyframes > 2 && keyframes < 20)
        #expect(reader.observedGOP.map { $0 > 1 && $0 < 3 } == true)
    }
}
