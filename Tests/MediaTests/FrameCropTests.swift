import Media
import TestSupport
import Testing

/// A crop shares the decoded pixels: converted, it equals the same region of the whole frame converted.
struct FrameCropTests {
    @Test func aCropShowsThePixelsOfItsRegion() throws {
        let reader = try MediaReader(url: Fixtures.hamilton)
        for _ in 0..<30 { _ = try reader.decodeNext() }
        let frame = try reader.retainCurrent()
        let whole = try Scaler(format: .rgb24, maxWidth: 640).convert(frame)
        let crop = try frame.cropped(to: Box(x: 101, y: 50, width: 200, height: 120))
        #expect(crop.width == 200 && crop.height == 120)
        #expect(crop.time == frame.time && crop.index == frame.index)
        let part = try Scaler(format: .rgb24, maxWidth: 640).convert(crop)
        var difference = 0, samples = 0
        for y in stride(from: 2, to: part.height - 2, by: 3) {
            for x in stride(from: 2, to: part.width - 2, by: 3) {
                for channel in 0..<3 {
                    difference += abs(Int(part.pixels[part.offset(x: x, y: y) + channel])
                                      - Int(whole.pixels[whole.offset(x: 101 + x, y: 50 + y) + channel]))
                    samples += 1
                }
            }
        }
        #expect(Double(difference) / Double(samples) < 1.0, "mean difference \(Double(difference) / Double(samples))")
    }

    @Test func aCropOutsideTheFrameIsRefused() throws {
        let reader = try MediaReader(url: Fixtures.hamilton)
        _ = try reader.decodeNext()
        let frame = try reader.retainCurrent()
        #expect(throws: MediaError.self) { try frame.cropped(to: Box(x: 5000, y: 0, width: 10, height: 10)) }
    }
}
