import AsyncHTTPClient
import Dispatching
import Foundation
import GRDB
import Incidents
import Logging
import NIOCore
import TestSupport
import Testing

/// Receivers served concurrently, unsendable messages isolated, shutdowns bounded.
struct DeliveryServiceTests {
    private func delivery(_ fixture: DispatchFixture, writer: (any DatabaseWriter)? = nil, timeout: Int64) -> DeliveryService {
        DeliveryService(writer: writer ?? fixture.store.writer, client: .shared, clock: fixture.clock, logger: Logger(label: "test"),
                        pollInterval: .milliseconds(50), requestTimeout: .seconds(timeout))
    }

    /// Timed by the receivers (their own threads): the test process's cooperative pool may be held up by the
    /// other suites, which delays the whole pass, not one receiver against another.
    @Test func aSlowReceiverDelaysOnlyItsOwnMessages() async throws {
        let slow = try WebhookReceiver()
        slow.delay = 8
        let fixture = try DispatchFixture(urls: ["patrol-near": "http://127.0.0.1:\(slow.port)/patrol-near"])
        let delivery = delivery(fixture, timeout: 10)
        try fixture.raise()
        #expect(await delivery.deliverDue() == 3)
        let slowRequest = try #require(slow.received.first)
        let fast = fixture.receiver.received
        #expect(slow.received.count == 1 && fast.count == 2)
        for request in fast {
            let after = request.at.timeIntervalSince(slowRequest.at)
            #expect(after < 1, "\(request.path) arrived \(after) s after the slow receiver's request, which took 8 s")
        }
        #expect(try fixture.orders().allSatisfy { $0.state == .notified })
    }

    @Test(arguments: ["http://127.0.0.1:99999/patrol-near", "http:///patrol-near", "ftp://127.0.0.1/patrol-near", "not a url"])
    func aMessageWithAnUnusableURLFailsForGoodAndTheOthersAreDelivered(url: String) async throws {
        let fixture = try DispatchFixture()
        try fixture.raise()
        let broken = try #require(try fixture.messages().first?.id)
        try await fixture.store.writer.write { db in
            try db.execute(sql: "UPDATE outbox SET url = ? WHERE id = ?", arguments: [url, broken])
        }
        #expect(await fixture.delivery.deliverDue() == 2)
        let failed = try #require(try fixture.messages().first { $0.id == broken })
        #expect(failed.failedAt != nil && failed.deliveredAt == nil)
        #expect(failed.lastError?.hasPrefix("unusable URL '\(url)': ") == true, "\(failed.lastError ?? "no reason")")
        #expect(try fixture.delivery.pending() == 0)
        #expect(try fixture.delivery.failed() == 1)
        fixture.clock.advance(by: 3600)
        #expect(await fixture.delivery.deliverDue() == 0, "never tried again")
        #expect(await fixture.delivery.drain(timeout: .seconds(1)), "a message failed for good is not pending")
        #expect(fixture.receiver.received.count == 2)
    }

    @Test func cancellingLetsTheRequestsInFlightFinishAndRecordsThem() async throws {
        let fixture = try DispatchFixture()
        fixture.receiver.delay = 4
        let delivery = delivery(fixture, timeout: 8)
        try fixture.raise()
        let running = Task { try await delivery.run() }
        try await waitUntil(seconds: 240) { fixture.receiver.received.count == 3 }
        let cancelled = Date()
        running.cancel()
        try await running.value
        #expect(fixture.receiver.received.allSatisfy { $0.at.addingTimeInterval(4) > cancelled }, "cancelled in flight")
        #expect(try delivery.pending() == 0, "the answers that came after the cancellation were recorded")
        #expect(fixture.receiver.received.count == 3)
    }

    @Test func aReceiverThatNeverAnswersHoldsAShutdownNoLongerThanTheRequestTimeout() async throws {
        let fixture = try DispatchFixture()
        fixture.receiver.mode = .hang
        let delivery = delivery(fixture, timeout: 2)
        try fixture.raise()
        let running = Task { try await delivery.run() }
        try await waitUntil(seconds: 240) { fixture.receiver.received.count == 3 }
        let cancelled = ContinuousClock.now
        running.cancel()
        try await running.value
        // 2 s and a little when the test runs alone; the margin is for the other suites' blocking waits holding the
        // cooperative pool's two threads in a full run on 2 cores (a `dispatch run` process's 15 s bound is checked in
        // OutboxDeliveryTests, against real processes). The waits above allow for the same.
        let took = ContinuousClock.now - cancelled
        #expect(took < .seconds(60), "returned \(took) after cancellation")
        let messages = try fixture.messages()
        #expect(messages.allSatisfy { $0.attempts == 1 && $0.lastError != nil && $0.deliveredAt == nil })
        #expect(try delivery.pending() == 3)
    }

    @Test func drainStopsAtADatabaseErrorInsteadOfPollingUntilItsDeadline() async throws {
        let fixture = try DispatchFixture()
        let unmigrated = try DatabaseQueue()
        let delivery = delivery(fixture, writer: unmigrated, timeout: 2)
        let start = ContinuousClock.now
        // The deadline is far beyond the bound, and the bound generous: in a full test run the concurrency pool can be
        // held for over 30 s by suites that block it.
        #expect(await delivery.drain(timeout: .seconds(600)) == false)
        #expect(ContinuousClock.now - start < .seconds(120), "not polling on until the 600 s deadline")
        #expect(throws: DatabaseError.self) { try delivery.pending() }
    }

    private func waitUntil(seconds: Double, _ condition: () throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while try !condition(), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(try condition(), "still waiting after \(seconds) s")
    }
}
