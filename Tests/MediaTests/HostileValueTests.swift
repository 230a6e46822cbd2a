@testable import Media
import Testing

/// Values no caller should pass, which must still never trap.
struct HostileValueTests {
    @Test(arguments: [Double.nan, .infinity, -.infinity, 1e300, -1, 0])
    func durationsFromAnyDoubleAreClamped(seconds: Double) {
        let duration = Duration.clamping(seconds: seconds)
        #expect(duration >= .zero && duration <= Duration.clampingLimit)
    }

    @Test func fractionalSecondsSurvive() {
        #expect(Duration.clamping(seconds: 1.25) == .milliseconds(1250))
    }

    @Test func microsecondsSaturate() {
        #expect(Duration.seconds(Int64.max).saturatingMicroseconds == .max)
        #expect(Duration.seconds(Int64.min).saturatingMicroseconds == .min)
        #expect(Duration.milliseconds(1500).saturatingMicroseconds == 1_500_000)
    }

    @Test func timestampsAtTheEndsOfInt64GiveNoMediaTime() {
        #expect(MediaReader.seconds(from: .min + 1, to: .max, timeBase: 1.0 / 90_000) == nil)
        #expect(MediaReader.seconds(from: .max, to: .min + 1, timeBase: 1.0 / 90_000) == nil)
        #expect(MediaReader.seconds(from: 0, to: 90_000, timeBase: .nan) == nil)
        #expect(MediaReader.seconds(from: 9_000, to: 99_000, timeBase: 1.0 / 90_000) == 1)
    }

    @Test func interrupterArmsAnyTimeoutWithoutTrapping() {
        let interrupter = Interrupter()
        for timeout: Duration in [.seconds(Int64.max), .seconds(Int64.min), .zero, .seconds(-5)] { interrupter.arm(timeout) }
        interrupter.arm(nil)
        #expect(!interrupter.isStopped)
        interrupter.stop()
        #expect(interrupter.isStopped)
    }
}
