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

/// The lease on each message: taken just before sending, checked by every update after it.
struct OutboxLeaseTests {
    private let lease = 15.0

    @Test func aDelivererWhoseLeaseRanOutAndWasTakenOverChangesNothing() throws {
        let fixture = try DispatchFixture()
        try fixture.raise()
        let first = Outbox(writer: fixture.store.writer, clock: fixture.clock)
        let second = Outbox(writer: fixture.store.writer, clock: fixture.clock)
        let id = try #require(try fixture.messages().first?.id)
        let stale = try #require(try first.claim(id, lease: lease))
        #expect(try second.claim(id, lease: lease) == nil, "while the lease holds nobody else may send the message")
        fixture.clock.advance(by: lease + 1)
        let current = try #require(try second.claim(id, lease: lease), "the lease ran out: the message is due again")
        #expect(try !first.delivered(stale))
        #expect(try !first.retry(stale, after: 1, reason: "late answer"))
        #expect(try !first.fail(stale, reason: "late answer"))
        let untouched = try #require(try fixture.messages().first)
        #expect(untouched.deliveredAt == nil && untouched.failedAt == nil && untouched.lastError == nil && untouched.attempts == 0)
        #expect(try fixture.orders().first { $0.id == untouched.orderId }?.state == .pending)
        #expect(try second.delivered(current))
        #expect(try fixture.messages().first?.deliveredAt != nil)
        #expect(try fixture.orders().first { $0.id == untouched.orderId }?.state == .notified)
        #expect(try !second.delivered(current), "a lease is given up with the outcome")
    }

    @Test func aReceiverHasOneMessageInFlightAndGetsItsMessagesInOrder() throws {
        let fixture = try DispatchFixture()
        try fixture.raise()
        try fixture.raise(subject: "黑B00001")
        let outbox = Outbox(writer: fixture.store.writer, clock: fixture.clock)
        let forces = Dictionary(uniqueKeysWithValues: try fixture.orders().map { ($0.id, $0.forceId) })
        let byForce = Dictionary(grouping: try fixture.messages()) { forces[$0.orderId] ?? "" }
        let near = try #require(byForce["patrol-near"]?.compactMap(\.id).sorted())
        let mid = try #require(byForce["patrol-mid"]?.compactMap(\.id).sorted())
        #expect(near.count == 2)
        #expect(try outbox.claim(near[1], lease: lease) == nil, "an older message to the same receiver is due")
        let claim = try #require(try outbox.claim(near[0], lease: lease))
        #expect(try outbox.claim(near[1], lease: lease) == nil, "its receiver has a message in flight")
        #expect(try !outbox.poll().due.contains { $0.receiver == "patrol-near" }, "a receiver in flight is not due")
        #expect(try outbox.claim(mid[0], lease: lease) != nil, "other receivers are not held up")
        #expect(try outbox.delivered(claim))
        #expect(try outbox.claim(near[1], lease: lease) != nil)
    }

    @Test func idlePollsOnlyRead() async throws {
        let fixture = try DispatchFixture()
        let transactions = TransactionCounter()
        var configuration = Configuration()
        configuration.prepareDatabase { db in transactions.watch(db) }
        let pool = try DatabasePool(path: fixture.store.writer.path, configuration: configuration)
        let logger = Logger(label: "test")
        let delivery = DeliveryService(writer: pool, client: .shared, clock: fixture.clock, logger: logger,
                                       pollInterval: .milliseconds(10), requestTimeout: .seconds(2))
        try fixture.raise()
        #expect(await delivery.deliverDue() == 3)
        #expect(transactions.writes >= 6, "claiming and recording write")
        // Another incident's messages are waiting to retry: pending, but not due.
        try fixture.raise(subject: "黑B00001")
        try await fixture.store.writer.write { db in
            try db.execute(sql: "UPDATE outbox SET nextAttemptAt = ? WHERE deliveredAt IS NULL",
                           arguments: [fixture.clock.now().addingTimeInterval(60)])
        }
        transactions.reset()
        let escalationTimer = TestClock()
        let escalation = EscalationService(dispatcher: fixture.dispatcher, writer: pool, logger: logger, timer: escalationTimer)
        let running = Task {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { try? await delivery.run() }
                group.addTask { try? await escalation.run() }
            }
        }
        // Two looks of the escalation: at start, and when its timer has moved a second.
        #expect(await escalationTimer.sleepers(1))
        escalationTimer.advance(by: .seconds(1))
        #expect(await escalationTimer.sleepers(1))
        let deadline = ContinuousClock.now + .seconds(60)
        while transactions.reads < 20, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        running.cancel()
        await running.value
        #expect(transactions.reads >= 20, "it did poll")
        #expect(transactions.writes == 0)
        #expect(try delivery.pending() == 3)
    }
}

/// Counts read and write transactions begun on the connections it watches (GRDB writes with BEGIN IMMEDIATE).
private final class TransactionCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var counts = (reads: 0, writes: 0)

    var reads: Int { lock.withLock { counts.reads } }
    var writes: Int { lock.withLock { counts.writes } }

    func reset() { lock.withLock { counts = (0, 0) } }

    func watch(_ db: Database) {
        db.trace(options: .statement) { [self] event in
            let sql = "\(event)"
            lock.withLock {
                if sql.hasPrefix("BEGIN IMMEDIATE") || sql.hasPrefix("BEGIN EXCLUSIVE") { counts.writes += 1 }
                if sql.hasPrefix("BEGIN DEFERRED") { counts.reads += 1 }
            }
        }
    }
}
