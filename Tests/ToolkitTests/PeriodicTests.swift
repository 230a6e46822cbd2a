import Logging
import ServiceLifecycle
import Synchronization
import Testing
import Toolkit

/// Periodic work on a test clock: ticks come when the clock moves, and the loop ends at shutdown mid-wait.
struct PeriodicTests {
    @Test func ticksAtOnceThenEveryInterval() async throws {
        let clock = TestClock()
        let ticks = Atomic<Int>(0)
        let loop = Task { await Periodic(every: .seconds(5), clock: clock).run { ticks.add(1, ordering: .relaxed) } }
        defer { loop.cancel() }
        #expect(await clock.sleepers(1))
        #expect(ticks.load(ordering: .relaxed) == 1)
        clock.advance(by: .seconds(4))
        #expect(ticks.load(ordering: .relaxed) == 1, "no tick before the interval has passed")
        clock.advance(by: .seconds(1))
        #expect(await clock.sleepers(1))
        try await waitFor { ticks.load(ordering: .relaxed) == 2 }
        clock.advance(by: .seconds(5))
        try await waitFor { ticks.load(ordering: .relaxed) == 3 }
    }

    @Test func cancellationEndsTheWait() async {
        let clock = TestClock()
        let loop = Task { await Periodic(every: .seconds(3600), clock: clock).run {} }
        #expect(await clock.sleepers(1))
        loop.cancel()
        await loop.value
        #expect(clock.sleeping == 0)
    }

    /// The hour-long wait ends at the graceful shutdown, with the clock never moved.
    @Test func gracefulShutdownEndsTheWait() async throws {
        let clock = TestClock()
        let ticks = Atomic<Int>(0)
        let service = PeriodicService(periodic: Periodic(every: .seconds(3600), clock: clock)) { ticks.add(1, ordering: .relaxed) }
        let group = ServiceGroup(services: [service], logger: Logger(label: "test"))
        let running = Task { try await group.run() }
        #expect(await clock.sleepers(1))
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(ticks.load(ordering: .relaxed) == 1)
    }

    /// A tick takes no longer than its work: ticks do not pile up when the clock jumps several intervals.
    @Test func aLongJumpGivesOneTick() async throws {
        let clock = TestClock()
        let ticks = Atomic<Int>(0)
        let loop = Task { await Periodic(every: .seconds(1), clock: clock).run { ticks.add(1, ordering: .relaxed) } }
        defer { loop.cancel() }
        #expect(await clock.sleepers(1))
        clock.advance(by: .seconds(10))
        #expect(await clock.sleepers(1))
        try await waitFor { ticks.load(ordering: .relaxed) == 2 }
    }
}

/// `poll(within:until:)`: a bounded wait for a condition, which a graceful shutdown does not cut short.
struct PollTests {
    @Test func returnsTrueOnceTheConditionHolds() async throws {
        let clock = TestClock()
        let done = Atomic<Bool>(false)
        let polling = Task { await Periodic(every: .milliseconds(20), clock: clock).poll(within: .seconds(5)) { done.load(ordering: .relaxed) } }
        #expect(await clock.sleepers(1))
        clock.advance(by: .milliseconds(20))
        #expect(await clock.sleepers(1), "still looking")
        done.store(true, ordering: .relaxed)
        clock.advance(by: .milliseconds(20))
        #expect(await polling.value)
    }

    @Test func givesUpAtTheLimitOnTheClock() async {
        let clock = TestClock()
        let polling = Task { await Periodic(every: .milliseconds(20), clock: clock).poll(within: .milliseconds(50)) { false } }
        for _ in 0..<3 {
            #expect(await clock.sleepers(1))
            clock.advance(by: .milliseconds(20))
        }
        #expect(await polling.value == false)
        #expect(clock.now.offset == .milliseconds(60), "the last wait was cut to the limit: no look after 50 ms")
    }

    /// Hanging up at shutdown waits for the answers: the shutdown under way must not end that wait.
    @Test func aGracefulShutdownDoesNotCutItShort() async throws {
        let periodicClock = TestClock(), clock = TestClock()
        let done = Atomic<Bool>(false)
        let result = Atomic<Int>(0)
        let service = PeriodicService(periodic: Periodic(every: .seconds(3600), clock: periodicClock)) {}
        let waiter = ShutdownWaiter(clock: clock, done: { done.load(ordering: .relaxed) },
                                    report: { result.store($0 ? 1 : 2, ordering: .relaxed) })
        let group = ServiceGroup(services: [waiter, service], logger: Logger(label: "test"))
        let running = Task { try await group.run() }
        #expect(await periodicClock.sleepers(1), "the periodic service waits")
        await group.triggerGracefulShutdown()
        #expect(await clock.sleepers(1), "the waiter is looking, during the shutdown")
        clock.advance(by: .milliseconds(20))
        #expect(await clock.sleepers(1), "and still looking")
        done.store(true, ordering: .relaxed)
        clock.advance(by: .milliseconds(20))
        try await running.value
        #expect(result.load(ordering: .relaxed) == 1)
    }
}

/// At graceful shutdown, polls until `done` and reports whether it came (true) or the limit passed (false).
struct ShutdownWaiter: Service {
    let clock: TestClock
    let done: @Sendable () -> Bool
    let report: @Sendable (Bool) -> Void

    func run() async throws {
        try? await gracefulShutdown()
        report(await Periodic(every: .milliseconds(20), clock: clock).poll(within: .seconds(5), until: done))
    }
}

struct PeriodicService: Service {
    let periodic: Periodic
    let tick: @Sendable () -> Void

    func run() async { await periodic.run { tick() } }
}

/// Waits, up to a generous deadline, for `condition` (the loop's tick runs on its own task). Generous because in a
/// full test run suites that block the 2-thread concurrency pool can hold it for half a minute (see `TestClock`).
func waitFor(_ condition: () -> Bool, within limit: Duration = .seconds(180)) async throws {
    let deadline = ContinuousClock.now + limit
    while !condition() {
        try #require(ContinuousClock.now < deadline, "condition not met within \(limit)")
        try await Task.sleep(for: .milliseconds(1))
    }
}
