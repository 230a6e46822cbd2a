import Foundation
import GRDB
import Incidents
import Seeding
import TestSupport
import Testing

struct SeederTests {
    /// A fixed end, so two seeds of the same plan are comparable row for row.
    private static let end = Date(timeIntervalSince1970: 1_795_000_000.25)
    private static let plan = SeedPlan(cameras: 20, sightings: 5_000, incidents: 50, days: 7, seed: 42, end: end)

    private func seeded(_ plan: SeedPlan = plan) throws -> (IncidentStore, SeedSummary) {
        let store = try IncidentStore()
        return (store, try Seeder(plan: plan).seed(into: store))
    }

    private func count(_ store: IncidentStore, _ sql: String) throws -> Int {
        try store.writer.read { db in try Int.fetchOne(db, sql: sql) ?? -1 }
    }

    @Test func writesTheRowsAskedForIntoTheRealSchema() throws {
        let path = try temporaryDirectory("seed").appendingPathComponent("seed.sqlite").path
        let store = try IncidentStore(path: path)
        let summary = try Seeder(plan: Self.plan).seed(into: store)
        #expect(summary.cameras == 20 && summary.sightings == 5_000 && summary.incidents == 50)
        #expect((summary.plates, summary.faces, summary.motion) == (4_000, 500, 500))
        #expect(try count(store, "SELECT count(*) FROM camera") == 20)
        #expect(try count(store, "SELECT count(DISTINCT grid) FROM camera") > 1)
        #expect(try count(store, "SELECT count(*) FROM sighting") == 5_000)
        #expect(try count(store, "SELECT count(*) FROM incident") == 50)
        #expect(try count(store, "SELECT count(*) FROM sighting WHERE incidentId IS NOT NULL") == 50)
        #expect(try count(store, "SELECT count(*) FROM dispatchOrder") == summary.orders)
        #expect(try count(store, "SELECT count(*) FROM orderTransition") == summary.transitions)
        // The v7 triggers fired: every plate sighting has its reads, every incident and transition its feed event.
        #expect(try count(store, "SELECT count(DISTINCT sightingId) FROM plateRead") == 4_000)
        #expect(try count(store, "SELECT count(*) FROM feedEvent") == 50 + summary.transitions)
        // Records decode: the dates are GRDB's, inside the seeded week.
        let sightings = try store.sightings()
        #expect(sightings.count == 5_000)
        #expect(sightings.allSatisfy { $0.firstSeen >= Self.end.addingTimeInterval(-7 * 86_400) && $0.lastSeen <= Self.end })
        #expect(sightings.allSatisfy { $0.firstSeen <= $0.bestTime && $0.bestTime <= $0.lastSeen })
    }

    @Test func platesRecurAcrossCamerasAndSometimesAsAnOCRLookAlike() throws {
        let (store, _) = try seeded()
        let travelled = try count(store, """
            SELECT count(*) FROM (SELECT label FROM sighting WHERE kind = 'plate' GROUP BY label HAVING count(DISTINCT cameraId) >= 3)
            """)
        #expect(travelled >= 20)
        let details = try store.writer.read { db in
            try String.fetchAll(db, sql: "SELECT details FROM sighting WHERE kind = 'plate'")
        }
        let variants = try details.map { text in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            return try #require(object["variants"] as? [String: Int])
        }
        #expect(variants.filter { $0.count == 2 }.count > 50)
        #expect(try count(store, "SELECT count(*) FROM plateRead WHERE text != canonical") > 0)
    }

    @Test func incidentsLinkTheirSightingAndOrdersHaveTransitions() throws {
        let (store, summary) = try seeded()
        #expect(summary.orders > 0)
        #expect(try count(store, """
            SELECT count(*) FROM incident JOIN sighting ON sighting.id = incident.sightingId
            WHERE sighting.incidentId = incident.id AND sighting.kind = incident.kind AND sighting.cameraId = incident.cameraId
            """) == 50)
        #expect(try count(store, "SELECT count(DISTINCT status) FROM incident") >= 2)
        // Every order starts pending and is notified; its state is that of its last transition.
        #expect(try count(store, """
            SELECT count(*) FROM dispatchOrder WHERE (SELECT count(*) FROM orderTransition WHERE orderId = dispatchOrder.id) < 2
            """) == 0)
        #expect(try count(store, """
            SELECT count(*) FROM dispatchOrder WHERE state != (SELECT toState FROM orderTransition
                WHERE orderId = dispatchOrder.id ORDER BY at DESC, id DESC LIMIT 1)
            """) == 0)
        #expect(try count(store, "SELECT count(*) FROM orderTransition WHERE fromState IS NULL AND toState != 'pending'") == 0)
        // A resolved incident has a resolved order, unless no rule sent anyone (faces of low severity).
        #expect(try count(store, """
            SELECT count(*) FROM incident WHERE status = 'resolved' AND EXISTS (SELECT 1 FROM dispatchOrder WHERE incidentId = incident.id)
            AND NOT EXISTS (SELECT 1 FROM dispatchOrder WHERE incidentId = incident.id AND state = 'resolved')
            """) == 0)
    }

    @Test func theSameSeedWritesTheSameRows() throws {
        let dump = """
            SELECT group_concat(cameraId || ifnull(label, '') || firstSeen || lastSeen || ifnull(details, '') || ifnull(incidentId, ''), '|')
            FROM (SELECT * FROM sighting ORDER BY id)
            """
        let orders = "SELECT group_concat(id || state || updatedAt, '|') FROM (SELECT * FROM dispatchOrder ORDER BY rowid)"
        let (a, _) = try seeded(), (b, _) = try seeded()
        var other = Self.plan
        other.seed = 43
        let (c, _) = try seeded(other)
        func text(_ store: IncidentStore, _ sql: String) throws -> String? { try store.writer.read { try String.fetchOne($0, sql: sql) } }
        #expect(try text(a, dump) == text(b, dump))
        #expect(try text(a, orders) == text(b, orders))
        #expect(try text(a, dump) != text(c, dump))
    }

    @Test func refusesADatabaseWithSightingsUnlessAppending() throws {
        let (store, _) = try seeded()
        #expect(throws: SeedError.notEmpty) { try Seeder(plan: Self.plan).seed(into: store) }
        var more = Self.plan
        more.seed = 7
        let summary = try Seeder(plan: more).seed(into: store, append: true)
        #expect(summary.sightings == 5_000)
        #expect(try count(store, "SELECT count(*) FROM sighting") == 10_000)
        #expect(try count(store, "SELECT count(*) FROM camera") == 20)
    }

    @Test(arguments: [
        SeedPlan(cameras: -1, sightings: 10, incidents: 0),
        SeedPlan(cameras: 0, sightings: 10, incidents: 0),
        SeedPlan(cameras: 5, sightings: 10, incidents: 6),
        SeedPlan(cameras: 5, sightings: SeedPlan.maximumSightings + 1, incidents: 0),
        SeedPlan(cameras: 5, sightings: 10, incidents: 0, days: 0),
    ])
    func refusesImpossiblePlans(_ plan: SeedPlan) throws {
        #expect(plan.problem != nil)
        #expect(throws: SeedError.self) { try Seeder(plan: plan).seed(into: IncidentStore()) }
    }

    @Test func emptyPlansWriteNothingButCameras() throws {
        let (store, summary) = try seeded(SeedPlan(cameras: 3, sightings: 0, incidents: 0, end: Self.end))
        #expect(summary.sightings == 0 && summary.cameras == 3)
        #expect(try count(store, "SELECT count(*) FROM sighting") == 0)
    }
}
