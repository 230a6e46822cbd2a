import Dispatching
import Foundation
import Incidents
import Testing

/// The outbox's async methods share the sync ones' leases: one deliverer may use either.
struct OutboxAsyncTests {
    private let lease = 15.0

    @Test func asyncAndSyncDeliverersShareOneLease() async throws {
        let fixture = try DispatchFixture()
        try fixture.raise()
        let outbox = Outbox(writer: fixture.store.writer, clock: fixture.clock)
        let poll = try await outbox.async.poll()
        #expect(poll.pending == (try fixture.messages().count))
        let id = try #require(poll.due.first?.ids.first)
        let claim = try #require(try await outbox.async.claim(id, lease: lease))
        #expect(try outbox.claim(id, lease: lease) == nil, "the async claim holds the lease for the sync side too")
        #expect(try await outbox.async.claim(id, lease: lease) == nil)
        #expect(try await outbox.async.retry(claim, after: 0, reason: "connection refused"))
        let again = try #require(try await outbox.async.claim(id, lease: lease), "a retry gives the lease up")
        #expect(try await outbox.async.delivered(again))
        #expect(try await !outbox.async.delivered(again), "a lease is given up with the outcome")
        let message = try #require(try fixture.messages().first { $0.id == id })
        #expect(message.deliveredAt != nil && message.attempts == 2)
        #expect(try fixture.orders().first { $0.id == message.orderId }?.state == .notified)
        #expect(try await outbox.async.pending() == poll.pending - 1)
        #expect(try await outbox.async.failed() == 0)
    }
}
