/// Which decoded frames are analysed.
public enum SamplingPolicy: Sendable, Equatable, CustomStringConvertible {
    /// At most this many frames per second of media (or wall-clock) time, within `fpsRange`.
    case fps(Double)
    /// Every Nth decoded frame (N at least 1), starting with the first.
    case every(Int)
    /// Keyframes only; nothing else is decoded.
    case keyframes

    /// Rates `fps` accepts: from one frame in 1000 s to 1000 frames a second.
    public static let fpsRange = 0.001...1000.0

    public var description: String {
        switch self {
        case .fps(let rate): "fps \(rate)"
        case .every(let n): "every \(n)"
        case .keyframes: "keyframes"
        }
    }

    /// What is wrong with this policy, or nil when it is usable as it is.
    public var problem: String? {
        switch self {
        case .fps(let rate) where !Self.fpsRange.contains(rate):
            "fps must be from \(Self.fpsRange.lowerBound) to \(Self.fpsRange.upperBound), got \(rate)"
        case .every(let n) where n < 1: "every must be 1 or more, got \(n)"
        default: nil
        }
    }

    /// The policy with out-of-range values brought into range (NaN reads as the lowest rate), so no policy traps.
    public var clamped: SamplingPolicy {
        switch self {
        case .fps(let rate): .fps(rate.isNaN ? Self.fpsRange.lowerBound : rate.clamped(to: Self.fpsRange))
        case .every(let n): .every(max(1, n))
        case .keyframes: .keyframes
        }
    }

    /// The time between samples, for policies that have one.
    public var interval: Double? {
        if case .fps(let rate) = clamped { return 1 / rate }
        return nil
    }
}

/// Decides, frame by frame, which frames the analysis stages see.
public struct Sampler: Sendable {
    public let policy: SamplingPolicy
    /// With `.fps`: the earliest time the next sampled frame may have; nil before the first and for other policies.
    public private(set) var nextDue: Double?

    /// Out-of-range policies are clamped (see `SamplingPolicy.clamped`): `.every(0)` samples every frame.
    public init(_ policy: SamplingPolicy) { self.policy = policy.clamped }

    public mutating func shouldSample(time: Double, index: Int, isKeyframe: Bool) -> Bool {
        switch policy {
        case .every(let n):
            return index % n == 0
        case .keyframes:
            return isKeyframe
        case .fps(let rate):
            let interval = 1 / rate
            // A frame within a thousandth of a second of its slot counts as on time (pts rounding).
            if let due = nextDue, time < due - 0.001 { return false }
            let due = nextDue ?? time
            nextDue = time - due > interval ? time + interval : due + interval
            return true
        }
    }
}

extension Double {
    func clamped(to range: ClosedRange<Double>) -> Double { Swift.min(Swift.max(self, range.lowerBound), range.upperBound) }
}
