import Foundation
import Incidents
import PostgresStore
import Seeding
import TestSupport
import Testing

/// Retention on both stores: the same cutoffs remove the same sightings and embeddings, keep incident evidence, and
/// remove the snapshot files of what they clear.
struct RetentionParityTests {
    private static let end = Date(timeIntervalSince1970: 1_795_000_000)

    @Test func theSameCutoffsLeaveTheSameHistory() async throws {
        let sqlite = try IncidentStore()
        _ = try Seeder(plan: SeedPlan(cameras: 8, sightings: 1_500, incidents: 30, days: 7, seed: 5, end: Self.end)).seed(into: sqlite)
        let cutoff = Self.end.addingTimeInterval(-4 * 86_400)
        let expected = try sqlite.prune(sightingsBefore: cutoff, snapshotsBefore: nil, batch: 100)
        #expect(expected.sightings > 100)
        let remaining = try await Self.count(sqlite)
        try await withPostgresStore { postgres, _ in
            try await SQLiteCopy.copy(try Self.unpruned(), into: postgres)
            let pruned = try await postgres.prune(sightingsBefore: cutoff, snapshotsBefore: nil, batch: 100)
            #expect(pruned == expected)
            var count = 0, cursor: String?
            repeat {
                let page = try await postgres.sightings(matching: HistoryFilter(), page: PageRequest(limit: 500, cursor: cursor))
                count += page.items.count
                cursor = page.nextCursor
            } while cursor != nil
            #expect(count == remaining && remaining > 0)
            let incidents = try await postgres.incidents(matching: HistoryFilter(), page: PageRequest(limit: 500)).items
            #expect(incidents.count == 30, "incidents and their sightings are evidence: kept")
            for row in incidents { #expect(try await postgres.visibleSighting(id: row.incident.sightingId, scope: HistoryFilter()) != nil) }
        }
    }

    private static func unpruned() throws -> IncidentStore {
        let store = try IncidentStore()
        _ = try Seeder(plan: SeedPlan(cameras: 8, sightings: 1_500, incidents: 30, days: 7, seed: 5, end: end)).seed(into: store)
        return store
    }

    private static func count(_ store: IncidentStore) async throws -> Int {
        var count = 0, cursor: String?
        repeat {
            let page = try await store.async.sightings(matching: HistoryFilter(), page: PageRequest(limit: 500, cursor: cursor))
            count += page.items.count
            cursor = page.nextCursor
        } while cursor != nil
        return count
    }

    @Test func oldSnapshotsAndEmbeddingsGoNewOnesStay() async throws {
        let folder = try temporaryDirectory("pg-retention")
        defer { try? FileManager.default.removeItem(at: folder) }
        try await withPostgresStore { store, _ in
            for camera in ["a", "b"] {
                try await store.save(Camera(id: camera, name: camera, kind: .fixed, url: "rtsp://\(camera)", createdAt: Self.end))
            }
            var files: [String] = []
            for (index, (camera, age)) in [("a", 10.0), ("a", 1.0), ("b", 10.0), ("b", 3.0)].enumerated() {
                let time = Self.end.addingTimeInterval(-age * 86_400)
                let file = folder.appendingPathComponent("\(index).jpg").path
                try Data([0xFF, 0xD8]).write(to: URL(fileURLWithPath: file))
                files.append(file)
                try await store.record(Sighting(cameraId: camera, kind: .face, firstSeen: time, lastSeen: time, bestTime: time,
                                                mediaOffset: 0, box: (0, 0, 1, 1), confidence: 0.2, frames: 1, snapshotPath: file),
                                       faceEmbedding: Array(repeating: UInt8(index), count: 512))
            }
            let pruned = try await store.prune(sightingsBefore: nil, snapshotsBefore: Self.end.addingTimeInterval(-5 * 86_400), batch: 1)
            #expect(pruned == IncidentStore.Pruned(sightings: 0, snapshots: 2))
            #expect(files.map { FileManager.default.fileExists(atPath: $0) } == [false, true, false, true])
            let embeddings = try await store.pruneFaceEmbeddings(before: ["a": Self.end.addingTimeInterval(-0.5 * 86_400)],
                                                                 othersBefore: Self.end.addingTimeInterval(-5 * 86_400), batch: 1)
            #expect(embeddings == 3, "both of a's, b's older one")
        }
    }
}
