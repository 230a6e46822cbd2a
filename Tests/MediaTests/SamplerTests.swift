import Media
import Testing

struct SamplerTests {
    private func sampled(_ policy: SamplingPolicy, frames: Int, fps: Double, keyEvery: Int = 60) -> [Int] {
        var sampler = Sampler(policy)
        return (0..<frames).filter { sampler.shouldSample(time: Double($0) / fps, index: $0, isKeyframe: $0 % keyEvery == 0) }
    }

    @Test func fiveFpsOfNtscVideo() {
        // 275 frames at 29.97 fps span 9.18 s: a sample at 0, 0.2, … 9.0 s.
        #expect(sampled(.fps(5), frames: 275, fps: 30000 / 1001).count == 46)
    }

    @Test func fpsAboveTheFrameRateTakesEveryFrame() {
        #expect(sampled(.fps(100), frames: 50, fps: 25).count == 50)
    }

    @Test func everyNth() {
        #expect(sampled(.every(10), frames: 95, fps: 25) == [0, 10, 20, 30, 40, 50, 60, 70, 80, 90])
    }

    @Test func keyframes() {
        #expect(sampled(.keyframes, frames: 200, fps: 25, keyEvery: 50) == [0, 50, 100, 150])
    }

    @Test func aLongGapDoesNotCauseABurst() {
        var sampler = Sampler(.fps(1))
        let decisions = [0, 10, 10.5, 11].enumerated().map { sampler.shouldSample(time: $1, index: $0, isKeyframe: false) }
        #expect(decisions == [true, true, false, true])
    }
}

struct DegenerateSamplingTests {
    @Test(arguments: [SamplingPolicy.every(0), .every(-3), .every(.min)])
    func everyBelowOneSamplesEveryFrame(policy: SamplingPolicy) {
        var sampler = Sampler(policy)
        #expect((0..<5).allSatisfy { sampler.shouldSample(time: Double($0), index: $0, isKeyframe: false) })
        #expect(policy.problem != nil)
    }

    @Test(arguments: [0, -1, Double.nan, .infinity, -.infinity, .leastNonzeroMagnitude, 1e300])
    func fpsOutOfRangeIsClampedAndNamed(rate: Double) {
        var sampler = Sampler(.fps(rate))
        _ = (0..<100).map { sampler.shouldSample(time: Double($0) / 25, index: $0, isKeyframe: false) }
        #expect(SamplingPolicy.fps(rate).problem?.hasPrefix("fps must be") == true)
        #expect(SamplingPolicy.fps(rate).interval.map { $0.isFinite && $0 > 0 } == true)
    }
}
