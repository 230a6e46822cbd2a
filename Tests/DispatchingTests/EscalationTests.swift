import Dispatching
import Foundation
import GRDB
import Incidents
import TestSupport
import Testing

struct EscalationTests {
    @Test func noAcknowledgementWithinTheTimeoutEscalatesToTheCommandCentre() async throws {
        let fixture = try DispatchFixture(acknowledgeWithin: 120)
        try fixture.raise()
        await fixture.delivery.deliverDue()
        fixture.clock.advance(by: 119)
        #expect(try fixture.dispatcher.escalateOverdue(in: fixture.store.writer).isEmpty, "not yet")
        fixture.clock.advance(by: 2)
        let created = try fixture.dispatcher.escalateOverdue(in: fixture.store.writer)
        #expect(created.map(\.forceId) == ["centre"])
        #expect(created.first?.tier == 1)
        let states = Dictionary(uniqueKeysWithValues: try fixture.orders().map { ($0.forceId, $0.state) })
        #expect(states == ["patrol-near": .escalated, "patrol-mid": .escalated, "worker-a": .escalated, "centre": .pending])
        #expect(await fixture.delivery.deliverDue() == 1)
        #expect(fixture.paths.contains("/centre"))
        // The last tier has nowhere further to go: it escalates once and creates nothing.
        fixture.clock.advance(by: 121)
        #expect(try fixture.dispatcher.escalateOverdue(in: fixture.store.writer).isEmpty)
    }

    @Test func anAcknowledgedOrderDoesNotEscalate() async throws {
        let fixture = try DispatchFixture(acknowledgeWithin: 120)
        try fixture.raise()
        let near = try #require(try fixture.orders().first { $0.forceId == "patrol-near" })
        _ = try fixture.dispatcher.acknowledge(near.id, by: "officer 7", in: fixture.store.writer)
        fixture.clock.advance(by: 500)
        // The other patrol expires (taken by a unit of its type); the grid worker's unanswered order is its own duty
        // and escalates, but the police have the incident in hand: the command centre is not paged for it.
        #expect(try fixture.dispatcher.escalateOverdue(in: fixture.store.writer).isEmpty)
        let states = Dictionary(uniqueKeysWithValues: try fixture.orders().map { ($0.forceId, $0.state) })
        #expect(states == ["patrol-near": .acknowledged, "patrol-mid": .expired, "worker-a": .escalated])
    }

    @Test func everyTransitionIsStoredWithTimeAndActor() throws {
        let fixture = try DispatchFixture()
        try fixture.raise()
        let order = try #require(try fixture.orders().first { $0.forceId == "patrol-near" })
        fixture.clock.advance(by: 10)
        _ = try fixture.dispatcher.acknowledge(order.id, by: "officer 7", in: fixture.store.writer)
        fixture.clock.advance(by: 300)
        _ = try fixture.dispatcher.arrive(order.id, by: "officer 7", in: fixture.store.writer)
        _ = try fixture.dispatcher.resolve(order.id, by: "officer 7", note: "vehicle stopped", in: fixture.store.writer)
        let transitions = try fixture.store.writer.read { db in
            try OrderTransition.filter(Column("orderId") == order.id).order(Column("id")).fetchAll(db)
        }
        #expect(transitions.map(\.toState) == [.pending, .acknowledged, .onScene, .resolved])
        #expect(transitions.map(\.actor) == ["dispatcher", "officer 7", "officer 7", "officer 7"])
        #expect(transitions[2].at.timeIntervalSince(transitions[1].at) == 300)
        #expect(try fixture.store.incidents().first?.status == .resolved)
        #expect(throws: DispatchError.self) { try fixture.dispatcher.acknowledge(order.id, by: "x", in: fixture.store.writer) }
    }
}
