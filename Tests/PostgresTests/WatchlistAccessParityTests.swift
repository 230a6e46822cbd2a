import Foundation
import Incidents
import PostgresNIO
@testable import PostgresStore
import Severities
import Testing

/// The API's watchlist, token, audit and feed calls, run against both stores in the same order: the same answers.
struct WatchlistAccessParityTests {
    private static let time = Date(timeIntervalSince1970: 1_795_000_000.5)

    private static let plates = [
        WatchlistPlate(pattern: "黑A12345", reason: "stolen", severity: .high, createdAt: time),
        WatchlistPlate(pattern: "黑B*", list: "fines", reason: nil, severity: .low, createdAt: time),
        WatchlistPlate(pattern: "京A0000?", reason: "wanted", severity: .critical, createdAt: time),
        WatchlistPlate(pattern: "黑A12345", list: "wanted", reason: "armed", severity: .critical, createdAt: time),
    ]

    /// Each step's answer, as text, on one store.
    private func steps(_ store: any RecordStore & Sendable, enrol: (WatchlistIdentity, [FaceSample]) async throws -> WatchlistIdentity)
        async throws -> [String] {
        var answers: [String] = []
        try await store.listPlates(Self.plates)
        answers.append("\(try await store.plateHotlist())")
        answers.append("\(try await store.listedPlate("黑A12345") as Any)")
        answers.append("\(try await store.removePlate("黑B*")) \(try await store.removePlate("黑B*"))")
        let sample = FaceSample(embedding: Data((0..<512).map { UInt8($0 % 256) }), photo: "p.jpg", createdAt: Self.time)
        let zhang = try await enrol(WatchlistIdentity(name: "Zhang Wei", list: "wanted", severity: .high, reason: "warrant",
                                                      createdAt: Self.time), [sample, sample])
        _ = try await enrol(WatchlistIdentity(name: "Zhang Wei", list: "wanted", severity: .critical, createdAt: Self.time), [sample])
        _ = try await enrol(WatchlistIdentity(name: "An Na", list: "missing", severity: .medium, createdAt: Self.time), [])
        answers.append("\(try await store.faceWatchlist().map { "\($0.0) \($0.1)" })")
        answers.append("\(try await store.photoCount(identity: zhang.id ?? 0))")
        answers.append("\(try await store.removeIdentity(id: zhang.id ?? 0)) \(try await store.removeIdentity(id: zhang.id ?? 0))")
        answers.append("\(try await store.faceWatchlist().map { "\($0.0) \($0.1)" })")
        for (index, actor) in ["ann", "bob", "ann"].enumerated() {
            try await store.audit(AuditEntry(at: Self.time.addingTimeInterval(Double(index)), tokenId: Int64(index), actor: actor,
                                             role: "investigator", method: "GET", route: "/api/incidents",
                                             filters: #"{"plate":"黑A12345"}"#, rows: index, status: 200))
        }
        answers.append("\(try await store.auditEntries(actor: nil, from: nil, to: nil, beforeId: nil, limit: 10))")
        answers.append("\(try await store.auditEntries(actor: "ann", from: Self.time.addingTimeInterval(1), to: nil, beforeId: nil, limit: 10))")
        answers.append("\(try await store.auditEntries(actor: nil, from: nil, to: nil, beforeId: 3, limit: 1))")
        answers.append("\(try await store.isLive(tokenId: nil)) \(try await store.isLive(tokenId: 42))")
        return answers
    }

    @Test func theAPIsCallsGiveTheSameAnswersOnBothStores() async throws {
        let sqlite = try IncidentStore()
        let expected = try await steps(sqlite.async) { identity, samples in try sqlite.enrol(identity, samples: samples) }
        let found = try await withPostgresStore { postgres, _ in
            try await steps(postgres) { identity, samples in try await postgres.enrol(identity, samples: samples) }
        }
        for (index, (got, want)) in zip(found, expected).enumerated() { #expect(got == want, "step \(index)") }
        #expect(found.count == expected.count)
    }

    @Test func tokensAreRevokedAtTheDatabasesTimeAndTheAuditLogIsAppendOnly() async throws {
        try await withPostgresStore { store, _ in
            let before = try await store.rows("SELECT now() AS now")[0].value("now", as: Date.self)
            let token = try await store.insert(APIToken(name: "desk", role: "investigator", grid: nil, force: nil,
                                                        secretHash: "abc", createdAt: Self.time))
            #expect(try await store.liveToken(secretHash: "abc") == token)
            #expect(try await store.isLive(tokenId: token.id))
            #expect(try await store.revokeTokens(idOrName: "desk").map(\.id) == [token.id])
            #expect(try await store.revokeTokens(idOrName: "desk").isEmpty)
            #expect(try await store.liveToken(secretHash: "abc") == nil)
            #expect(!(try await store.isLive(tokenId: token.id)))
            let revoked = try await store.rows(#"SELECT "revokedAt" FROM "apiToken""#)[0].value("revokedAt", as: Date.self)
            #expect(revoked >= before)
            try await store.audit(AuditEntry(tokenId: nil, actor: "ann", role: "admin", method: "GET", route: "/", filters: "{}",
                                             rows: 0, status: 200))
            let error = await #expect(throws: PostgresStoreError.self) { try await store.execute(#"DELETE FROM "auditEntry""#) }
            #expect(error?.description.contains("the audit log is append-only") == true)
            #expect(try await store.auditEntries().count == 1)
        }
    }

    @Test func everyWatchlistChangeBumpsTheVersion() async throws {
        try await withPostgresStore { store, _ in
            var last = try await store.watchlistVersion()
            let changes: [@Sendable () async throws -> Void] = [
                { try await store.listPlates(Self.plates) }, { _ = try await store.removePlate("黑B*") },
                { _ = try await store.enrol(WatchlistIdentity(name: "A", list: "l", severity: .low), samples: []) },
            ]
            for change in changes {
                try await change()
                let now = try await store.watchlistVersion()
                #expect(now > last)
                last = now
            }
        }
    }
}

/// A duty officer's "seen" on both stores: the same incidents marked, the scope respected, a second mark a no-op;
/// PostgreSQL dates it by the database's clock.
struct ReviewParityTests {
    @Test func markingReviewedGivesTheSameAnswersOnBothStores() async throws {
        let time = Date(timeIntervalSince1970: 1_795_000_000)
        let cameras = [Camera(id: "a", name: "a", kind: .fixed, url: "rtsp://a", grid: "g1", createdAt: time),
                       Camera(id: "b", name: "b", kind: .fixed, url: "rtsp://b", grid: "g2", createdAt: time)]
        let hits: [(Sighting, Incident)] = cameras.flatMap { camera in
            (0..<3).map { index in
                let at = time.addingTimeInterval(Double(index) * 1_000)
                return (Sighting(cameraId: camera.id, kind: .plate, label: "黑A1000\(index)", firstSeen: at, lastSeen: at,
                                 bestTime: at, mediaOffset: 0, box: (0, 0, 1, 1), confidence: 0.9, frames: 1),
                        Incident(cameraId: camera.id, kind: .plate, subject: "黑A1000\(index)", watchlist: "stolen",
                                 reason: nil, severity: .high, createdAt: at))
            }
        }
        var scope = HistoryFilter()
        scope.onlyGrids = ["g1"]
        let community = scope
        let sqlite = try IncidentStore()
        for camera in cameras { try sqlite.save(camera) }
        for (sighting, incident) in hits { try sqlite.record(sighting, incident: incident) }
        let expected = [
            try await sqlite.async.markReviewed([1, 2, 4, 99], by: "ann", scope: community),
            try await sqlite.async.markReviewed([1, 2, 3], by: "ann", scope: HistoryFilter()),
            try await sqlite.async.markReviewed([1], by: "bob", scope: HistoryFilter()),
        ]
        let expectedKeys = try await sqlite.async.reviewTimes(of: Array(1...6), by: "ann").keys.sorted()
        try await withPostgresStore { store, _ in
            for camera in cameras { try await store.save(camera) }
            for (sighting, incident) in hits { try await store.record(sighting, incident: incident) }
            let before = try await store.rows("SELECT now() AS now")[0].value("now", as: Date.self)
            let found = [
                try await store.markReviewed([1, 2, 4, 99], by: "ann", scope: community),
                try await store.markReviewed([1, 2, 3], by: "ann", scope: HistoryFilter()),
                try await store.markReviewed([1], by: "bob", scope: HistoryFilter()),
            ]
            #expect(found == expected && expected == [2, 1, 1])
            let times = try await store.reviewTimes(of: Array(1...6), by: "ann")
            #expect(times.keys.sorted() == expectedKeys)
            #expect(times.values.allSatisfy { $0 >= before.addingTimeInterval(-0.001) })
        }
    }
}
