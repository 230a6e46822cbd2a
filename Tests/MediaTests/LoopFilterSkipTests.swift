import Foundation
import Media
import TestSupport
import Testing

/// Frames decoded before `undeblockedBefore` skip the H.264 loop filter (keyframes excepted): they differ from the
/// exact decode, and the frames predicted from them drift only a little.
struct LoopFilterSkipTests {
    /// The grey picture of the first 60 frames of the plate slideshow (1280x720 H.264, keyframes at 0 and 50).
    private func frames(undeblockedBefore: Double?) throws -> [(isKeyframe: Bool, pixels: [UInt8])] {
        let reader = try MediaReader(url: Fixtures.path("plates/slideshow.mp4"), options: ReaderOptions(threads: 1))
        reader.undeblockedBefore = undeblockedBefore
        let grey = Scaler(format: .gray8, maxWidth: 1280)
        var frames: [(Bool, [UInt8])] = []
        while frames.count < 60, let info = try reader.decodeNext() {
            frames.append((info.isKeyframe, try grey.convert(try reader.retainCurrent()).pixels))
        }
        return frames
    }

    private static func psnr(_ a: [UInt8], _ b: [UInt8]) -> Double {
        var squared = 0
        for i in a.indices { let d = Int(a[i]) - Int(b[i]); squared += d * d }
        let mse = Double(squared) / Double(a.count)
        return mse == 0 ? .infinity : 10 * log10(255 * 255 / mse)
    }

    @Test func framesBeforeTheMarkSkipTheFilterAndTheRestDriftLittle() throws {
        let exact = try frames(undeblockedBefore: nil)
        let undeblocked = try frames(undeblockedBefore: .infinity)
        try #require(exact.count == 60 && undeblocked.count == exact.count)
        var differing = 0, worst = Double.infinity
        for (a, b) in zip(exact, undeblocked) {
            if a.isKeyframe { #expect(a.pixels == b.pixels, "a keyframe is always deblocked"); continue }
            if a.pixels != b.pixels { differing += 1 }
            worst = min(worst, Self.psnr(a.pixels, b.pixels))
        }
        #expect(differing > 50, "the loop filter was skipped (\(differing) of 58 predicted frames differ)")
        #expect(worst > 35, "worst frame \(worst) dB against the exact decode")
        // Nothing before the mark: the exact decode.
        let marked = try frames(undeblockedBefore: -1)
        #expect(zip(exact, marked).allSatisfy { $0.pixels == $1.pixels })
    }
}
