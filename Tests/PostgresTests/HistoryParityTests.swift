import Foundation
import GRDB
import Incidents
import PostgresStore
import Severities
import Testing

/// One suite, two stores: every history query on the same seeded city gives the same answer through the SQLite
/// store and the PostgreSQL store, page by page.
struct HistoryParityTests {
    /// Every page of incidents and of sightings under `filter`, followed through the cursors, `limit` rows a page.
    private func allPages(_ store: any HistoryStore, _ filter: HistoryFilter,
                          limit: Int) async throws -> (incidents: [[IncidentRow]], sightings: [[SightingRow]]) {
        var incidents: [[IncidentRow]] = [], sightings: [[SightingRow]] = []
        var cursor: String?
        repeat {
            let page = try await store.incidents(matching: filter, page: PageRequest(limit: limit, cursor: cursor))
            incidents.append(page.items)
            cursor = page.nextCursor
        } while cursor != nil
        repeat {
            let page = try await store.sightings(matching: filter, page: PageRequest(limit: min(500, limit * 40), cursor: cursor))
            sightings.append(page.items)
            cursor = page.nextCursor
        } while cursor != nil
        return (incidents, sightings)
    }

    /// Named filters over the seeded data, each narrowing by one thing the API lets an investigator ask.
    private static func filters(_ stores: SeededStores) throws -> [(String, HistoryFilter)] {
        let plate: String = try stores.sample("SELECT label FROM sighting WHERE kind = 'plate' GROUP BY label ORDER BY COUNT(*) DESC, label LIMIT 1")
        let read: String = try stores.sample("SELECT text FROM plateRead WHERE text <> (SELECT label FROM sighting WHERE id = sightingId) ORDER BY sightingId LIMIT 1")
        let grid: String = try stores.sample("SELECT grid FROM camera ORDER BY grid LIMIT 1")
        let force: String = try stores.sample("SELECT forceId FROM dispatchOrder GROUP BY forceId ORDER BY COUNT(*) DESC, forceId LIMIT 1")
        let cameras: [String] = try stores.sqlite.writer.read { db in try String.fetchAll(db, sql: "SELECT id FROM camera ORDER BY id LIMIT 3") }
        let subject: String = try stores.sample("SELECT subject FROM incident ORDER BY id LIMIT 1")
        var cases: [(String, (inout HistoryFilter) throws -> Void)] = [
            ("everything", { _ in }), ("oldest first", { $0.newestFirst = false }),
            ("three cameras", { $0.cameras = cameras }), ("plates", { $0.kinds = [.plate] }), ("faces", { $0.kinds = [.face] }),
            ("high and open", { $0.severities = [.high, .critical]; $0.statuses = [.open] }),
            ("two days", { $0.from = SeededStores.end.addingTimeInterval(-3 * 86_400); $0.to = SeededStores.end.addingTimeInterval(-86_400) }),
            ("a grid", { $0.grids = [grid] }), ("scoped to a grid", { $0.onlyGrids = [grid] }), ("scoped to nothing", { $0.onlyGrids = [] }),
            ("a patrol force", { $0.onlyForce = force }), ("a subject", { $0.subject = subject }),
            ("stolen list", { $0.watchlists = ["stolen"] }), ("cloned plates", { $0.types = [.clonedPlate] }),
            ("plate exact", { $0.plate = try PlateQuery(plate) }), ("a variant read", { $0.plate = try PlateQuery(read) }),
            ("plate prefix", { $0.plate = try PlateQuery(String(plate.prefix(3)) + "*") }),
            ("plate suffix", { $0.plate = try PlateQuery("*" + String(plate.suffix(3))) }),
            ("plate one unknown", { $0.plate = try PlateQuery(String(plate.prefix(2)) + "?" + String(plate.dropFirst(3))) }),
            ("plate fuzzy 1", { $0.plate = try PlateQuery(plate, fuzzy: 1) }), ("plate fuzzy 2", { $0.plate = try PlateQuery(read, fuzzy: 2) }),
        ]
        cases.append(("reviewed by ann", { $0.review = ReviewFilter(reviewer: "ann", reviewed: true) }))
        cases.append(("not reviewed by ann, high", { $0.review = ReviewFilter(reviewer: "ann", reviewed: false); $0.severities = [.high] }))
        cases.append(("plate in a grid, oldest first", { $0.plate = try PlateQuery(plate, fuzzy: 1); $0.grids = [grid]; $0.newestFirst = false }))
        return try cases.map { name, change in
            var filter = HistoryFilter()
            try change(&filter)
            return (name, filter)
        }
    }

    @Test func everyFilterGivesTheSamePagesOnBothStores() async throws {
        let stores = try await SeededStores.shared()
        var nonEmpty = 0
        for (name, filter) in try Self.filters(stores) {
            let sqlite = try await allPages(stores.sqlite.async, filter, limit: 7)
            let postgres = try await allPages(stores.postgres, filter, limit: 7)
            let incidents = firstDifference(postgres.incidents, sqlite.incidents)
            let sightings = firstDifference(postgres.sightings, sqlite.sightings)
            #expect(incidents == nil, "incidents, \(name): \(incidents ?? "")")
            #expect(sightings == nil, "sightings, \(name): \(sightings ?? "")")
            if !sqlite.incidents.joined().isEmpty && !sqlite.sightings.joined().isEmpty { nonEmpty += 1 }
            let count = try await stores.sqlite.async.incidentCount(matching: filter)
            #expect(try await stores.postgres.incidentCount(matching: filter) == count, "count, \(name)")
        }
        #expect(nonEmpty >= 10, "the filters should find rows in the seeded city")
    }

    @Test func trajectoriesAreTheSameOnBothStores() async throws {
        let stores = try await SeededStores.shared()
        let plate: String = try stores.sample("SELECT label FROM sighting WHERE kind = 'plate' GROUP BY label ORDER BY COUNT(*) DESC, label LIMIT 1")
        let grid: String = try stores.sample("SELECT grid FROM camera ORDER BY grid LIMIT 1")
        var scope = HistoryFilter()
        scope.onlyGrids = [grid]
        for query in [try PlateQuery(plate), try PlateQuery(plate, fuzzy: 1), try PlateQuery(String(plate.prefix(4)) + "*")] {
            for scope in [HistoryFilter(), scope] {
                let sqlite = try await stores.sqlite.async.trajectory(plate: query, from: nil, to: nil, scope: scope, speedLimitKmh: 80)
                let postgres = try await stores.postgres.trajectory(plate: query, from: nil, to: nil, scope: scope, speedLimitKmh: 80)
                #expect(postgres == sqlite, "\(query)")
            }
        }
        let identity: Int64 = try stores.sample("SELECT id FROM watchlistIdentity ORDER BY id LIMIT 1")
        let sqlite = try await stores.sqlite.async.trajectory(identity: identity, from: nil, to: nil, scope: HistoryFilter(), speedLimitKmh: 150)
        let postgres = try await stores.postgres.trajectory(identity: identity, from: nil, to: nil, scope: HistoryFilter(), speedLimitKmh: 150)
        #expect(postgres?.0 == sqlite?.0 && postgres?.1 == sqlite?.1)
        #expect(try await stores.postgres.trajectory(identity: 999_999, from: nil, to: nil, scope: HistoryFilter(), speedLimitKmh: 150) == nil)
    }

    @Test func singleRowsAndScopesAreTheSameOnBothStores() async throws {
        let stores = try await SeededStores.shared()
        let grid: String = try stores.sample("SELECT grid FROM camera ORDER BY grid LIMIT 1")
        let force: String = try stores.sample("SELECT forceId FROM dispatchOrder ORDER BY id LIMIT 1")
        var community = HistoryFilter(), patrol = HistoryFilter()
        community.onlyGrids = [grid]
        patrol.onlyForce = force
        let ids: [Int64] = try await stores.sqlite.writer.read { db in try Int64.fetchAll(db, sql: "SELECT id FROM incident ORDER BY id") }
        let sqlite = stores.sqlite.async, postgres = stores.postgres
        for scope in [HistoryFilter(), community, patrol] {
            for id in ids.prefix(25) + [999_999] {
                let row = try await sqlite.incident(id: id, scope: scope)
                #expect(try await postgres.incident(id: id, scope: scope) == row)
                let unscoped = try await sqlite.incident(id: id, scope: HistoryFilter())
                guard let incident = unscoped?.incident else { continue }
                let linked = try await sqlite.sightingIds(of: incident, limit: 200)
                #expect(try await postgres.sightingIds(of: incident, limit: 200) == linked)
                let rows = try await sqlite.sightings(ids: linked, scope: scope)
                let difference = firstDifference([try await postgres.sightings(ids: linked, scope: scope)], [rows])
                #expect(difference == nil, "\(difference ?? "")")
                for sighting in linked + [incident.sightingId + 1] {
                    let visible = try await sqlite.visibleSighting(id: sighting, scope: scope)
                    #expect(try await postgres.visibleSighting(id: sighting, scope: scope) == visible)
                }
            }
        }
    }

    @Test func camerasAndReviewTimesAreTheSameOnBothStores() async throws {
        let stores = try await SeededStores.shared()
        let grid: String = try stores.sample("SELECT grid FROM camera ORDER BY grid LIMIT 1")
        for grids in [nil, [grid], []] as [[String]?] {
            let cameras = try await stores.sqlite.async.cameras(inGrids: grids)
            #expect(try await stores.postgres.cameras(inGrids: grids) == cameras)
        }
        let ids = Array(1...40).map(Int64.init)
        let times = try await stores.sqlite.async.reviewTimes(of: ids, by: "ann")
        #expect(!times.isEmpty)
        #expect(try await stores.postgres.reviewTimes(of: ids, by: "ann") == times)
    }

    @Test func aCursorOfOneListIsRefusedByAnother() async throws {
        let stores = try await SeededStores.shared()
        let page = try await stores.postgres.incidents(matching: HistoryFilter(), page: PageRequest(limit: 2))
        let cursor = try #require(page.nextCursor)
        await #expect(throws: HistoryQueryError.foreignCursor) {
            try await stores.postgres.sightings(matching: HistoryFilter(), page: PageRequest(limit: 2, cursor: cursor))
        }
    }
}
