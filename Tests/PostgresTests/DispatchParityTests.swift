import Dispatching
import Foundation
import GRDB
import Incidents
import PostgresNIO
@testable import PostgresStore
import Testing

/// The dispatcher's decisions are shared by both stores: the same incidents, deliveries and unit actions on the
/// same clock give the same orders, transitions and outbox rows on SQLite and on PostgreSQL (order ids are random:
/// each is compared as its incident, tier and force).
struct DispatchParityTests {
    /// What one store does: record a hit, deliver what is due, and show its rows.
    struct Side: Sendable {
        let store: any DispatchStore
        let clock: ManualClock
        let dispatcher: Dispatcher
        let record: @Sendable (Sighting, Incident) async throws -> Void
        let outbox: OutboxActions
        let messages: @Sendable () async throws -> [OutboxMessage]
        let feed: @Sendable () async throws -> [FeedEvent]
    }

    struct OutboxActions: Sendable {
        let poll: @Sendable () async throws -> OutboxPoll
        let claim: @Sendable (Int64) async throws -> OutboxClaim?
        let delivered: @Sendable (OutboxClaim) async throws -> Bool
        let retry: @Sendable (OutboxClaim) async throws -> Bool
    }

    @Test func theSameIncidentsAndActionsGiveTheSameRowsOnBothStores() async throws {
        let sqliteClock = ManualClock(DispatchWorld.start)
        let sqliteDispatcher = try DispatchWorld.dispatcher(sqliteClock)
        let sqlite = try IncidentStore(onNewIncident: sqliteDispatcher.incidentHook)
        try sqlite.save(DispatchWorld.camera)
        let outbox = Outbox(writer: sqlite.writer, clock: sqliteClock).async
        let expected = try await Self.run(Side(
            store: sqlite.async, clock: sqliteClock, dispatcher: sqliteDispatcher,
            record: { sighting, incident in _ = try sqlite.record(sighting, incident: incident, repeatWindow: 0) },
            outbox: OutboxActions(poll: outbox.poll, claim: { try await outbox.claim($0, lease: 15) }, delivered: outbox.delivered,
                                  retry: { try await outbox.retry($0, after: 30, reason: "HTTP 503") }),
            messages: { try await sqlite.writer.read { db in try OutboxMessage.order(Column("id")).fetchAll(db) } },
            feed: { try await sqlite.async.feedEvents(after: 0, limit: 1_000) }))
        let postgresClock = ManualClock(DispatchWorld.start)
        let postgresDispatcher = try DispatchWorld.dispatcher(postgresClock)
        try await DispatchWorld.withPostgres(postgresDispatcher) { postgres in
            let outbox = postgres.outbox(clock: postgresClock)
            let got = try await Self.run(Side(
                store: postgres, clock: postgresClock, dispatcher: postgresDispatcher,
                record: { sighting, incident in _ = try await postgres.record(sighting, incident: incident, repeatWindow: 0) },
                outbox: OutboxActions(poll: outbox.poll, claim: { try await outbox.claim($0, lease: 15) }, delivered: outbox.delivered,
                                      retry: { try await outbox.retry($0, after: 30, reason: "HTTP 503") }),
                messages: { try await DispatchWorld.messages(postgres) },
                feed: { try await postgres.feedEvents(after: 0, limit: 1_000) }))
            #expect(got.orders == expected.orders)
            #expect(got.transitions == expected.transitions)
            #expect(got.messages == expected.messages)
            #expect(got.created == expected.created)
            #expect(got.errors == expected.errors)
            #expect(got.feed == expected.feed)
        }
        #expect(expected.created == ["1/1/centre", "2/1/centre"], "both incidents paged the next tier: \(expected.created)")
        #expect(expected.orders.count == 8 && expected.messages.count == 8, "3 + 3 orders, 2 of the next tier, a message each")
        #expect(expected.feed.count == 2 + expected.transitions.count, "each incident and each transition, in commit order")
        #expect(expected.transitions.contains { $0.contains("notified") } && expected.errors.count == 2)
    }

    /// Two hits, a delivery round (one receiver failing once), an acknowledgement, the deadline passing, escalation,
    /// a resolution, an illegal move and an unknown order; then every row, normalised.
    private static func run(_ side: Side) async throws -> Rows {
        let (plate, face) = (DispatchWorld.hit("黑A12345", at: side.clock), DispatchWorld.hit("Zhang Wei", kind: .face, at: side.clock))
        try await side.record(plate.0, plate.1)
        side.clock.advance(by: 1)
        try await side.record(face.0, face.1)
        try await deliver(side, failing: "patrol-mid")
        side.clock.advance(by: 61)
        let escalated = try await side.store.escalateOverdue(with: side.dispatcher)
        let near = try await order(side, incident: 1, force: "patrol-near")
        _ = try await side.store.apply(.acknowledge, to: near, by: "officer 7", note: nil, with: side.dispatcher)
        _ = try await side.store.apply(.resolve, to: near, by: "officer 7", note: "towed", with: side.dispatcher)
        var errors: [String] = []
        for (action, id) in [(OrderAction.arrive, near), (.acknowledge, "no-such-order")] {
            do { _ = try await side.store.apply(action, to: id, by: "x", note: nil, with: side.dispatcher) } catch let error as DispatchError {
                errors.append("\(error.kind)")
            }
        }
        side.clock.advance(by: 30)
        try await deliver(side, failing: nil)
        var feed: [String] = []
        for event in try await side.feed() {
            let announced = try await side.store.transition(event).map { "\($0.0.id) \($0.1.toState)" } ?? "-"
            feed.append("\(event.type) \(event.incidentId) \(event.orderId ?? "-") \(event.transitionId ?? 0) "
                        + "\(event.at.timeIntervalSince1970) \(announced)")
        }
        return try await Rows(records: DispatchWorld.records(side.store), messages: side.messages(), feed: feed, created: escalated,
                              errors: errors)
    }

    /// Claims every due message, one per receiver per round as a deliverer does, until none is due.
    private static func deliver(_ side: Side, failing: String?) async throws {
        while true {
            let due = try await side.outbox.poll().due
            guard !due.isEmpty else { return }
            for (receiver, ids) in due {
                let claim = try #require(try await side.outbox.claim(ids[0]))
                if receiver == failing { #expect(try await side.outbox.retry(claim)) } else { #expect(try await side.outbox.delivered(claim)) }
            }
            if failing != nil, due.count == 1, due[0].receiver == failing { return }
        }
    }

    private static func order(_ side: Side, incident: Int64, force: String) async throws -> String {
        try #require(try await side.store.orderRecords(states: [], force: force, incidents: [incident], limit: 10).first?.order.id)
    }

    /// A store's dispatch rows with order ids replaced by `incident/tier/force`.
    struct Rows {
        var orders: [String] = [], transitions: [String] = [], messages: [String] = [], created: [String] = [], errors: [String]
        /// The live feed in its own (commit) order, each order event with the transition it announces.
        var feed: [String]

        init(records: [OrderRecord], messages: [OutboxMessage], feed: [String], created: [DispatchOrder], errors: [String]) {
            self.errors = errors
            self.feed = []
            var keys: [String: String] = [:]
            for record in records { keys[record.order.id] = Self.key(record.order) }
            func named(_ text: String) -> String { keys.reduce(text) { $0.replacingOccurrences(of: $1.key, with: $1.value) } }
            for record in records {
                let order = record.order
                orders.append("\(Self.key(order)) \(order.forceType) \(order.rule) \(order.state) \(order.distanceMeters ?? -1) "
                              + "\(order.deadline.timeIntervalSince1970) \(order.createdAt.timeIntervalSince1970) \(order.updatedAt.timeIntervalSince1970)")
                transitions += record.transitions.map { transition in
                    named("\(transition.orderId) \(transition.fromState?.rawValue ?? "-")→\(transition.toState) "
                          + "\(transition.at.timeIntervalSince1970) \(transition.actor) \(transition.note ?? "-")")
                }
            }
            self.messages = messages.map { message in
                named("\(message.orderId) \(message.url) \(String(decoding: message.body, as: UTF8.self)) \(message.attempts) "
                      + "\(message.nextAttemptAt.timeIntervalSince1970) \(message.deliveredAt?.timeIntervalSince1970 ?? -1) "
                      + "\(message.lastError ?? "-") \(message.createdAt.timeIntervalSince1970) \(message.failedAt != nil)")
            }.sorted()
            self.feed = feed.map(named)
            orders.sort()
            transitions.sort()
            self.created = created.map(Self.key).sorted()
        }

        static func key(_ order: DispatchOrder) -> String { "\(order.incidentId)/\(order.tier)/\(order.forceId)" }
    }
}
