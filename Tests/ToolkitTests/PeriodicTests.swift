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

struct PeriodicService: Service {
    let periodic: Periodic
    let tick: @Sendable () -> Void

    func run() async { await periodic.run { tick() } }
}

/// Waits, up to a generous deadline, for `condition` (the loop's tick runs on its own task).
func waitFor(_ condition: () -> Bool, within limit: Duration = .seconds(30)) async throws {
    let deadline = ContinuousClock.now + limit
    while !condition() {
        try #require(ContinuousClock.now < deadline, "condition not met within \(limit)")
        try await Task.sleep(for: .milliseconds(1))
    }
}
