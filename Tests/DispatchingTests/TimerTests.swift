import AsyncHTTPClient
import Dispatching
import Foundation
import GRDB
import Incidents
import Logging
import NIOCore
import TestSupport
import Testing
import Toolkit

/// Escalation and delivery backoff with time on injected clocks: the dispatcher's `ManualClock` says when an order
/// is overdue or a message due again, the services' `TestClock` when they look. Nothing sleeps.
struct TimerTests {
    @Test func escalationLooksWhenItsTimerMovesAndEscalatesWhatIsOverdue() async throws {
        let fixture = try DispatchFixture(acknowledgeWithin: 120)
        try fixture.raise()
        await fixture.delivery.deliverDue()
        let timer = TestClock()
        let escalation = EscalationService(dispatcher: fixture.dispatcher, writer: fixture.store.writer,
                                           logger: Logger(label: "test"), timer: timer)
        let running = Task { try await escalation.run() }
        defer { running.cancel() }
        #expect(await timer.sleepers(1), "the first look ran")
        fixture.clock.advance(by: 121)
        #expect(try !fixture.orders().contains { $0.forceId == "centre" }, "overdue, but no look before the timer moves")
        timer.advance(by: .milliseconds(999))
        #expect(try !fixture.orders().contains { $0.forceId == "centre" })
        timer.advance(by: .milliseconds(1))
        try await waitUntil { try fixture.orders().contains { $0.forceId == "centre" } }
    }

    /// A receiver answering 503: each failure doubles the wait before the next attempt (0.5 s, then 1 s), measured
    /// on the dispatcher's clock, while the deliverer polls on its own timer.
    @Test func failedSendsRetryAfterDoublingDelays() async throws {
        let receiver = try WebhookReceiver(mode: .fail(503))
        let fixture = try DispatchFixture(receiver: receiver)
        let timer = TestClock()
        let delivery = DeliveryService(writer: fixture.store.writer, client: .shared, clock: fixture.clock,
                                       logger: Logger(label: "test"), pollInterval: .milliseconds(250), timer: timer,
                                       requestTimeout: .seconds(2))
        try fixture.raise()
        let running = Task { try await delivery.run() }
        defer { running.cancel() }
        try await waitForAttempts(1, fixture)
        #expect(receiver.received.count == 3)
        #expect(try fixture.messages().allSatisfy { $0.nextAttemptAt == fixture.clock.now().addingTimeInterval(0.5) })

        try await poll(timer, times: 4)
        #expect(receiver.received.count == 3, "a second of polls, but the dispatcher's clock has not moved: nothing is due")

        fixture.clock.advance(by: 0.5)
        try await poll(timer, times: 1)
        try await waitForAttempts(2, fixture)
        #expect(receiver.received.count == 6)
        #expect(try fixture.messages().allSatisfy { $0.nextAttemptAt == fixture.clock.now().addingTimeInterval(1) })

        fixture.clock.advance(by: 0.9)
        try await poll(timer, times: 2)
        #expect(receiver.received.count == 6, "the second delay is twice the first")
        fixture.clock.advance(by: 0.1)
        try await poll(timer, times: 1)
        try await waitForAttempts(3, fixture)
    }

    /// Moves the deliverer's timer on by one poll interval `times` times, each time waiting until it polls and
    /// waits again.
    private func poll(_ timer: TestClock, times: Int) async throws {
        for _ in 0..<times {
            try #require(await timer.sleepers(1))
            timer.advance(by: .milliseconds(250))
        }
        try #require(await timer.sleepers(1))
    }

    private func waitForAttempts(_ attempts: Int, _ fixture: DispatchFixture) async throws {
        try await waitUntil { try fixture.messages().allSatisfy { $0.attempts == attempts } }
    }

    /// Waits for `condition`, up to a generous deadline (the services record on tasks of their own, and in a full
    /// test run suites that block the 2-thread concurrency pool can hold it for over 30 s).
    private func waitUntil(_ condition: () throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(180)
        while try !condition() {
            try #require(ContinuousClock.now < deadline, "not within 180 s")
            try await Task.sleep(for: .milliseconds(5))
        }
    }
}
