import Foundation
import Media
import TestSupport
import Testing

struct ImageTests {
    private func firstFrame() throws -> Frame {
        let reader = try MediaReader(url: Fixtures.hamilton)
        _ = try #require(try reader.decodeNext())
        return try reader.retainCurrent()
    }

    @Test func scalerKeepsAspectAndReusesItsBuffer() throws {
        let frame = try firstFrame()
        let scaler = Scaler(format: .rgb24, maxWidth: 320)
        let image = try scaler.convert(frame)
        #expect(image.width == 320 && image.height == 180)
        #expect(image.rowBytes % 64 == 0 && image.rowBytes >= 320 * 3)
        #expect(image.pixels.count >= image.rowBytes * 180)
        #expect(Set(image.pixels.prefix(3000)).count > 10, "real picture content, not a blank buffer")
        let thumbnail = try Scaler(format: .gray8, maxWidth: 96, smooth: true).convert(frame)
        #expect(thumbnail.width == 96 && thumbnail.height == 54)
    }

    @Test func smallFramesAreNotUpscaled() {
        let scaler = Scaler(format: .rgb24, maxWidth: 1280)
        #expect(scaler.outputSize(width: 640, height: 360) == (640, 360))
        #expect(scaler.outputSize(width: 3840, height: 2160) == (1280, 720))
    }

    @Test func jpegSnapshotAndCropDecodeBack() throws {
        let frame = try firstFrame()
        let encoder = JPEGEncoder()
        let directory = try temporaryDirectory("jpeg")
        let full = directory.appendingPathComponent("full.jpg")
        try Data(try encoder.encode(frame)).write(to: full)
        let crop = directory.appendingPathComponent("crop.jpg")
        try Data(try encoder.encode(frame, crop: Box(x: 100, y: 50, width: 120, height: 80))).write(to: crop)
        for (url, size) in [(full, (640, 360)), (crop, (120, 80))] {
            let bytes = try Data(contentsOf: url)
            #expect(bytes.prefix(2) == Data([0xFF, 0xD8]))
            let reader = try MediaReader(url: url.path)
            #expect(try reader.decodeNext() != nil)
            #expect(reader.source.codecName == "mjpeg")
            #expect((reader.source.width, reader.source.height) == size)
        }
    }

    @Test func cropOutsideTheFrameIsRefused() throws {
        let frame = try firstFrame()
        #expect(throws: MediaError.self) { try JPEGEncoder().encode(frame, crop: Box(x: 700, y: 400, width: 20, height: 20)) }
    }

    @Test func boxOverlapAndUnion() {
        let a = Box(x: 0, y: 0, width: 10, height: 10), b = Box(x: 5, y: 0, width: 10, height: 10)
        #expect(abs(a.overlap(b) - 50.0 / 150.0) < 1e-9)
        #expect(a.overlap(Box(x: 20, y: 20, width: 5, height: 5)) == 0)
        #expect(a.union(b) == Box(x: 0, y: 0, width: 15, height: 10))
    }
}
