/// Which decoded frames are analysed.
public enum SamplingPolicy: Sendable, Equatable, CustomStringConvertible {
    /// At most this many frames per second of media (or wall-clock) time.
    case fps(Double)
    /// Every Nth decoded frame, starting with the first.
    case every(Int)
    /// Keyframes only; nothing else is decoded.
    case keyframes

    public var description: String {
        switch self {
        case .fps(let rate): "fps \(rate)"
        case .every(let n): "every \(n)"
        case .keyframes: "keyframes"
        }
    }

    /// The time between samples, for policies that have one.
    public var interval: Double? {
        if case .fps(let rate) = self { return 1 / rate }
        return nil
    }
}

/// Decides, frame by frame, which frames the analysis stages see.
public struct Sampler: Sendable {
    public let policy: SamplingPolicy
    private var nextDue: Double?

    public init(_ policy: SamplingPolicy) { self.policy = policy }

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
