extension Duration {
    /// The duration in seconds, as a floating-point number.
    public var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }

    /// The longest duration `clamping(seconds:)` gives: about 31 years, far beyond any timeout or pause.
    public static let clampingLimit: Duration = .seconds(1_000_000_000)

    /// `seconds` as a duration that never traps: NaN and negatives give zero, anything beyond
    /// `clampingLimit` (infinity, 1e300) gives that limit. `Duration.seconds(Double)` traps on all of these.
    public static func clamping(seconds: Double) -> Duration {
        guard seconds > 0 else { return .zero }
        let bounded = min(seconds, clampingLimit.seconds)
        let whole = bounded.rounded(.down)
        return .seconds(Int64(whole)) + .nanoseconds(Int64((bounded - whole) * 1e9))
    }

    /// Whole microseconds, saturating at the bounds of `Int64` instead of trapping.
    public var saturatingMicroseconds: Int64 {
        let (scaled, overflow) = components.seconds.multipliedReportingOverflow(by: 1_000_000)
        if overflow { return components.seconds < 0 ? .min : .max }
        let (sum, carry) = scaled.addingReportingOverflow(components.attoseconds / 1_000_000_000_000)
        return carry ? (scaled < 0 ? .min : .max) : sum
    }
}
