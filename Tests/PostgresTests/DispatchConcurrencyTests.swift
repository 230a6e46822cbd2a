import Dispatching
import Foundation
import Incidents
@testable import PostgresStore
import Synchronization
import Testing

/// Several nodes dispatching from one PostgreSQL at once: what SQLite's single writer gives for free, the
/// PostgreSQL store's locks must give too.
struct DispatchConcurrencyTests {
    /// `count` hits on different plates, each planning a patrol pair and a grid worker.
    private static func raise(_ count: Int, _ store: PostgresStore, _ clock: ManualClock) async throws {
        for index in 0..<count {
            let (sighting, incident) = DispatchWorld.hit("黑A\(10_000 + index)", at: clock)
            try await store.record(sighting, incident: incident, repeatWindow: 0)
        }
    }

    @Test func fourNodesEscalatingAtOnceEscalateEachOrderOnce() async throws {
        let clock = ManualClock(DispatchWorld.start)
        let dispatcher = try DispatchWorld.dispatcher(clock)
        try await DispatchWorld.withPostgres(dispatcher) { store in
            try await Self.raise(12, store, clock)
            clock.advance(by: 61)
            let created = try await withThrowingTaskGroup(of: [DispatchOrder].self) { group in
                for _ in 0..<4 { group.addTask { try await store.escalateOverdue(with: dispatcher) } }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(created.count == 12 && Set(created.map(\.incidentId)).count == 12, "one next-tier order per incident")
            let records = try await DispatchWorld.records(store)
            #expect(records.count == 48)
            #expect(DispatchWorld.inconsistency(records) == nil)
            #expect(records.flatMap(\.transitions).filter { $0.actor == "escalation" }.count == 36)
            #expect(try await !store.hasOverdue(with: dispatcher))
        }
    }

    @Test func threeDeliverersClaimingAtOnceDeliverEachMessageOnce() async throws {
        let clock = ManualClock(DispatchWorld.start)
        let dispatcher = try DispatchWorld.dispatcher(clock)
        try await DispatchWorld.withPostgres(dispatcher) { store in
            try await Self.raise(40, store, clock)
            let outbox = store.outbox(clock: clock)
            let deliveries = Deliveries()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<3 {
                    group.addTask { try await Self.deliverAll(outbox) { id in deliveries.count(id) } }
                }
                try await group.waitForAll()
            }
            let counts = deliveries.counts
            #expect(counts.count == 120 && counts.values.allSatisfy { $0 == 1 }, "\(counts.values.filter { $0 > 1 }.count) sent twice")
            #expect(try await outbox.pending() == 0)
            let records = try await DispatchWorld.records(store)
            #expect(records.allSatisfy { $0.order.state == .notified } && DispatchWorld.inconsistency(records) == nil)
        }
    }

    /// A deliverer's loop: poll, claim each receiver's next message, "send" it, record it; until nothing is pending.
    private static func deliverAll(_ outbox: PostgresOutbox, send: @Sendable (Int64) -> Void) async throws {
        while try await outbox.pending() > 0 {
            for (_, ids) in try await outbox.poll().due {
                guard let claim = try await outbox.claim(ids[0], lease: 15), let id = claim.message.id else { continue }
                send(id)
                #expect(try await outbox.delivered(claim))
            }
            await Task.yield()
        }
    }

    @Test func anAcknowledgementRacingEscalationEndsConsistent() async throws {
        let clock = ManualClock(DispatchWorld.start)
        let dispatcher = try DispatchWorld.dispatcher(clock)
        try await DispatchWorld.withPostgres(dispatcher) { store in
            var outcomes: Set<String> = []
            for round in 0..<12 {
                let (sighting, hit) = DispatchWorld.hit("黑B\(round)", at: clock)
                let incident = try #require(try await store.record(sighting, incident: hit, repeatWindow: 0).1?.id)
                let near = try #require(try await store.orderRecords(force: "patrol-near", incidents: [incident]).first?.order.id)
                clock.advance(by: 61)
                async let acknowledged = store.apply(.acknowledge, to: near, by: "officer", note: nil, with: dispatcher)
                async let escalated = store.escalateOverdue(with: dispatcher)
                let (record, created) = try await (acknowledged, escalated)
                let ofIncident = created.filter { $0.incidentId == incident }
                let path = try #require(record).transitions.map(\.toState)
                // Either the acknowledgement came first (the other patrol expires, no next tier: the incident is
                // acknowledged) or escalation did (all three escalated, the centre paged, then acknowledged).
                let states = try await store.orderRecords(incidents: [incident]).map { "\($0.order.forceId):\($0.order.state)" }.sorted()
                if path == [.pending, .acknowledged] {
                    #expect(ofIncident.isEmpty && states == ["patrol-mid:expired", "patrol-near:acknowledged", "worker-a:escalated"])
                    outcomes.insert("acknowledged first")
                } else {
                    #expect(path == [.pending, .escalated, .acknowledged])
                    #expect(ofIncident.map(\.forceId) == ["centre"])
                    #expect(states == ["centre:pending", "patrol-mid:escalated", "patrol-near:acknowledged", "worker-a:escalated"])
                    outcomes.insert("escalated first")
                }
            }
            #expect(DispatchWorld.inconsistency(try await DispatchWorld.records(store)) == nil)
            let incidents = try await store.incidents(matching: HistoryFilter(), page: PageRequest(limit: 50)).items
            #expect(incidents.allSatisfy { $0.incident.status == .acknowledged })
            print("acknowledgement racing escalation, outcomes seen: \(outcomes.sorted())")
        }
    }
}

/// How many times each message was sent, by message id.
private final class Deliveries: Sendable {
    private let sent = Mutex<[Int64: Int]>([:])
    func count(_ id: Int64) { sent.withLock { $0[id, default: 0] += 1 } }
    var counts: [Int64: Int] { sent.withLock { $0 } }
}
