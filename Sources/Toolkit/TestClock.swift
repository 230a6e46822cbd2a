import Synchronization

/// A clock that moves only when told (`advance(by:)`), for tests of periodic work, backoff and timeouts that
/// must not sleep. A sleep on it ends when the clock is advanced past its deadline, or throws
/// `CancellationError` when its task is cancelled.
///
/// ```swift
/// let clock = TestClock()
/// let service = Task { await Periodic(every: .seconds(5), clock: clock).run { ticks.add(1) } }
/// await clock.sleepers(1)            // the first tick ran and the loop waits
/// clock.advance(by: .seconds(5))     // the second tick runs
/// ```
public final class TestClock: Clock, Sendable {
    public struct Instant: InstantProtocol {
        /// Time since the clock was made.
        public let offset: Duration

        public func advanced(by duration: Duration) -> Self { Self(offset: offset + duration) }
        public func duration(to other: Self) -> Duration { other.offset - offset }
        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.offset < rhs.offset }
    }

    private struct Sleeper {
        let deadline: Instant
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now = Instant(offset: .zero)
        var sleepers: [Int: Sleeper] = [:]
        var nextKey = 0
    }

    private let state = Mutex(State())

    public init() {}

    public var now: Instant { state.withLock { $0.now } }

    public var minimumResolution: Duration { .zero }

    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        let key = state.withLock { state in
            defer { state.nextKey += 1 }
            return state.nextKey
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resume: Result<Void, any Error>? = state.withLock { state in
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if deadline <= state.now { return .success(()) }
                    state.sleepers[key] = Sleeper(deadline: deadline, continuation: continuation)
                    return nil
                }
                if let resume { continuation.resume(with: resume) }
            }
        } onCancel: {
            state.withLock { $0.sleepers.removeValue(forKey: key) }?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves the clock on and wakes every sleep whose deadline it reaches.
    public func advance(by duration: Duration) {
        let due = state.withLock { state -> [Sleeper] in
            state.now = state.now.advanced(by: duration)
            let now = state.now
            let due = state.sleepers.filter { $0.value.deadline <= now }
            for key in due.keys { state.sleepers.removeValue(forKey: key) }
            return Array(due.values)
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    /// How many sleeps are waiting now.
    public var sleeping: Int { state.withLock { $0.sleepers.count } }

    /// Returns once at least `count` sleeps are waiting (the code under test has reached its wait), or after
    /// `timeout` of real time, whichever is first; false on the timeout. The timeout is generous: in a full test run
    /// the 2-thread concurrency pool of a small machine can be held for half a minute by suites that block it, and
    /// then neither the code under test nor this wait runs.
    @discardableResult
    public func sleepers(_ count: Int, timeout: Duration = .seconds(180)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while sleeping < count {
            guard ContinuousClock.now < deadline else { return sleeping >= count }
            try? await Task.sleep(for: .milliseconds(1))
        }
        return true
    }
}
