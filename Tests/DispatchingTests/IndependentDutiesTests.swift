import Dispatching
import Foundation
import GRDB
import Incidents
import TestSupport
import Testing

/// Orders of different force types on one incident are separate duties: a community force's acknowledgement neither
/// expires the police orders nor counts as the police response, and the incident's status follows the police.
struct IndependentDutiesTests {
    private func states(_ fixture: DispatchFixture) throws -> [String: DispatchOrder.State] {
        Dictionary(uniqueKeysWithValues: try fixture.orders().map { ($0.forceId, $0.state) })
    }

    private func order(of force: String, _ fixture: DispatchFixture) throws -> DispatchOrder {
        try #require(try fixture.orders().first { $0.forceId == force })
    }

    @Test func aGridWorkersAcknowledgementLeavesThePatrolOrdersOpenAndTheyEscalateOnTheirDeadline() throws {
        let fixture = try DispatchFixture(acknowledgeWithin: 120)
        try fixture.raise(.face, subject: "Lin Wei", reason: "wanted person")
        _ = try fixture.dispatcher.acknowledge(try order(of: "worker-a", fixture).id, by: "grid worker", in: fixture.store.writer)
        fixture.clock.advance(by: 119)
        #expect(try fixture.dispatcher.escalateOverdue(in: fixture.store.writer).isEmpty, "not yet")
        #expect(try states(fixture) == ["patrol-near": .pending, "patrol-mid": .pending, "worker-a": .acknowledged])
        fixture.clock.advance(by: 2)
        let created = try fixture.dispatcher.escalateOverdue(in: fixture.store.writer)
        #expect(created.map(\.forceId) == ["centre"], "the police response is still missing: the next tier goes")
        #expect(try states(fixture) == ["patrol-near": .escalated, "patrol-mid": .escalated, "worker-a": .acknowledged, "centre": .pending])
        let notes = try fixture.store.writer.read { db in
            try String.fetchAll(db, sql: "SELECT note FROM orderTransition WHERE toState IN ('escalated', 'expired')")
        }
        #expect(!notes.contains("taken by another unit"), "\(notes)")
    }

    @Test func takenByAnotherUnitAppliesOnlyAmongUnitsOfTheSameType() throws {
        let fixture = try DispatchFixture(acknowledgeWithin: 120)
        try fixture.raise()
        _ = try fixture.dispatcher.acknowledge(try order(of: "patrol-near", fixture).id, by: "officer 7", in: fixture.store.writer)
        fixture.clock.advance(by: 121)
        _ = try fixture.dispatcher.escalateOverdue(in: fixture.store.writer)
        let after = try states(fixture)
        #expect(after["patrol-near"] == .acknowledged)
        #expect(after["patrol-mid"] == .expired, "the other patrol's duty was taken by a patrol")
        #expect(after["worker-a"] == .escalated, "the grid worker's own duty is not the patrol's")
        let mid = try order(of: "patrol-mid", fixture).id
        let midNote = try fixture.store.writer.read { db in
            try String.fetchOne(db, sql: "SELECT note FROM orderTransition WHERE orderId = ? AND toState = 'expired'", arguments: [mid])
        }
        #expect(midNote == "taken by another unit")
    }

    @Test func theIncidentReadsAcknowledgedOnlyAfterAPoliceUnitTakesIt() throws {
        let fixture = try DispatchFixture(acknowledgeWithin: 120)
        try fixture.raise()
        let status = { try #require(try fixture.store.incidents().first).status }
        #expect(try status() == .open)
        _ = try fixture.dispatcher.acknowledge(try order(of: "worker-a", fixture).id, by: "grid worker", in: fixture.store.writer)
        #expect(try status() == .open, "a community acknowledgement is not the police response")
        let patrol = try order(of: "patrol-near", fixture)
        _ = try fixture.dispatcher.acknowledge(patrol.id, by: "officer 7", in: fixture.store.writer)
        #expect(try status() == .acknowledged)
        _ = try fixture.dispatcher.arrive(patrol.id, by: "officer 7", in: fixture.store.writer)
        _ = try fixture.dispatcher.resolve(patrol.id, by: "officer 7", in: fixture.store.writer)
        #expect(try status() == .resolved)
    }

    @Test func aRuleCanSayWhichForceTypesAcknowledgeTheIncident() throws {
        let config = try DispatchConfig(yaml: """
            forces:
              - {id: patrol-1, name: P1, type: patrol, position: [45.76, 126.65]}
            rules:
              - {name: posts only, send: [{type: patrol}], acknowledged_by: [police_post]}
              - {name: default, send: [{type: patrol}]}
            """)
        let postsOnly = config.rule(named: "posts only"), standard = config.rule(named: "default")
        #expect(DispatchConfig.Rule.countsAsResponse(.policePost, in: postsOnly))
        #expect(!DispatchConfig.Rule.countsAsResponse(.patrol, in: postsOnly))
        #expect(ForceType.allCases.filter { DispatchConfig.Rule.countsAsResponse($0, in: standard) } == [.patrol, .policePost, .commandCentre])
        #expect(!DispatchConfig.Rule.countsAsResponse(.volunteer, in: nil), "a rule no longer configured: police types")
    }
}
