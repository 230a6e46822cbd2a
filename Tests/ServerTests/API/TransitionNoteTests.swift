import Foundation
import Incidents
import Testing
@testable import Server

/// The dispatcher's own notes reach the console as stable codes with their values (the rule only for the police),
/// and each order carries its force's name, so no screen shows raw English, an address or an id.
struct TransitionNoteTests {
    @Test(arguments: [
        ("rule 'wanted people' tier 0, 705 m away", "dispatcher", TransitionNote.Expected(code: "planned", rule: "wanted people", tier: 0, meters: 705)),
        ("rule 'it's a tier' tier 2", "dispatcher", .init(code: "planned", rule: "it's a tier", tier: 2, meters: nil)),
        ("http://ops:***@hooks.example/patrol?token=***", "delivery", .init(code: "delivered")),
        ("no acknowledgement within the deadline", "escalation", .init(code: "deadline_passed")),
        ("taken by another unit", "escalation", .init(code: "taken_by_other")),
        ("resolved by order 4b55604a", "patrol:Wang", .init(code: "resolved_by_other")),
    ])
    func theDispatchersNotesHaveCodes(note: String, actor: String, expected: TransitionNote.Expected) throws {
        let police = try #require(TransitionNote(note, actor: actor, police: true))
        #expect(police.code == expected.code && police.rule == expected.rule && police.tier == expected.tier && police.meters == expected.meters)
        #expect(TransitionNote(note, actor: actor, police: false)?.rule == nil, "no rule name for community forces")
    }

    @Test func aPersonsNoteHasNoCode() {
        #expect(TransitionNote("suspect left on foot towards the station", actor: "patrol:Wang", police: true) == nil)
        #expect(TransitionNote("rule 'x' tier 0", actor: "patrol:Wang", police: true) == nil, "typed by a person, not planned")
        #expect(TransitionNote(nil, actor: "dispatcher", police: true) == nil)
    }

    @Test func ordersCarryTheirForceNameAndTheNoteCodes() async throws {
        let fixture = try APIFixture()
        try await fixture.withServer { api in
            let (_, incident) = try fixture.raise(.face, camera: "gate-a", label: "Lin Wei", subject: "Lin Wei")
            let id = try #require(incident?.id)
            for (role, rule) in [("dispatcher", "hits"), ("community", nil)] as [(String, String?)] {
                let detail = try await api.call("/api/incidents/\(id)", as: role)
                let orders = try #require(detail.object["orders"] as? [[String: Any]], "\(detail.body)")
                let worker = try #require(orders.first { $0["force_id"] as? String == "worker-a" }, "\(role): \(detail.body)")
                #expect(worker["force_name"] as? String == "Grid A worker")
                let planned = try #require((worker["transitions"] as? [[String: Any]])?.first?["note_code"] as? [String: Any], "\(detail.body)")
                #expect(planned["code"] as? String == "planned" && planned["tier"] as? Int == 0 && planned["rule"] as? String == rule,
                        "\(role): \(planned)")
            }
        }
    }
}

extension TransitionNote {
    struct Expected: Sendable {
        var code: String
        var rule: String? = nil
        var tier: Int? = nil
        var meters: Int? = nil
    }
}
