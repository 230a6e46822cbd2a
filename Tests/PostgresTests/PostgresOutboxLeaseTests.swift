import Dispatching
import Foundation
import Incidents
@testable import PostgresStore
import Testing

/// The outbox's leases on PostgreSQL, as `OutboxQueue`'s on SQLite: a claim holds its message until its outcome
/// or its lease's end; a deliverer whose lease was taken over changes nothing; a message failed for good leaves
/// delivery.
struct PostgresOutboxLeaseTests {
    @Test func aLostLeaseChangesNothingAndAFailedMessageLeavesDelivery() async throws {
        let clock = ManualClock(DispatchWorld.start)
        try await DispatchWorld.withPostgres(try DispatchWorld.dispatcher(clock)) { store in
            let (sighting, incident) = DispatchWorld.hit("黑A12345", at: clock)
            try await store.record(sighting, incident: incident, repeatWindow: 0)
            let (first, second) = (store.outbox(clock: clock), store.outbox(clock: clock))
            let poll = try await first.poll()
            #expect(poll.pending == 3 && poll.due.count == 3)
            let id = try #require(poll.due.first?.ids.first)
            let slow = try #require(try await first.claim(id, lease: 15))
            #expect(try await second.claim(id, lease: 15) == nil, "held by the first deliverer")
            #expect(try await second.poll().due.count == 2, "a receiver with a message in flight is not due")
            clock.advance(by: 16)
            let taken = try #require(try await second.claim(id, lease: 15), "the lease ended")
            #expect(try await !first.delivered(slow), "the first deliverer's lease was taken over")
            #expect(try await second.retry(taken, after: 30, reason: "HTTP 503"))
            #expect(try await second.claim(id, lease: 15) == nil, "not due until the retry delay passes")
            clock.advance(by: 31)
            let last = try #require(try await first.claim(id, lease: 15))
            #expect(try await first.fail(last, reason: "URL unusable"))
            #expect(try await first.pending() == 2)
            #expect(try await first.failed() == 1)
            let message = try #require(try await DispatchWorld.messages(store).first { $0.id == id })
            #expect(message.attempts == 1 && message.lastError == "URL unusable" && message.deliveredAt == nil && message.failedAt != nil)
            let order = try #require(try await store.orderRecord(id: message.orderId))
            #expect(order.order.state == .pending, "an order whose message failed was never notified")
        }
    }
}
