import NIOCore

extension TimeAmount {
    /// The whole of a `Duration` (fractions of a second included), for NIO timers; the public API takes `Duration`
    /// so that callers need not import NIO.
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
