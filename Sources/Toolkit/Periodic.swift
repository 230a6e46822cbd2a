import ServiceLifecycle

/// Work done now and then every `interval` until graceful shutdown or cancellation, waiting on an injected clock,
/// so tests drive time instead of sleeping, and a shutdown never waits out a wait: the wait ends the moment the
/// shutdown starts.
///
/// The interval runs from the end of one tick to the start of the next, as the hand-written loops it replaced
/// did: a slow tick (a database busy with camera writes) delays the next one instead of piling ticks up. (Hence a
/// sleep on the clock rather than swift-async-algorithms' fixed-rate `AsyncTimerSequence`.)
///
/// ```swift
/// func run() async {
///     await Periodic(every: .seconds(5), clock: clock).run { await publishCounts() }
/// }
/// ```
public struct Periodic: Sendable {
    private let interval: Duration
    private let sleep: @Sendable (Duration) async throws -> Void
    private let elapsed: @Sendable () -> Duration

    /// - Parameter clock: what the waits are measured on; `ContinuousClock` in production, `TestClock` in tests.
    public init<C: Clock>(every interval: Duration, clock: C = ContinuousClock()) where C.Duration == Duration {
        self.interval = interval
        sleep = { try await clock.sleep(for: $0) }
        let start = clock.now
        elapsed = { start.duration(to: clock.now) }
    }

    /// Calls `tick` at once, then after each wait, until graceful shutdown or cancellation. A tick under way when
    /// shutdown starts runs to its end; no tick starts after.
    public func run(_ tick: () async -> Void) async {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            await tick()
            guard await wait() else { return }
        }
    }

    /// Waits one interval; false when the wait was cut short by a graceful shutdown or cancellation.
    public func wait() async -> Bool {
        let (sleep, interval) = (sleep, interval)
        do {
            try await cancelWhenGracefulShutdown { try await sleep(interval) }
            return !Task.isCancelled && !Task.isShuttingDownGracefully
        } catch {
            return false
        }
    }

    /// Looks at `done` at once and then every interval, until it holds (true), `limit` has passed on the clock or
    /// the task is cancelled (false). For a wait that is itself part of a shutdown (hanging up, a retry that a stop
    /// ends through `done`), so a graceful shutdown does not cut it short: `limit` bounds it.
    public func poll(within limit: Duration, until done: () -> Bool) async -> Bool {
        let deadline = elapsed() + limit
        while !done() {
            guard elapsed() < deadline, (try? await sleep(min(interval, deadline - elapsed()))) != nil else { return false }
        }
        return true
    }
}
