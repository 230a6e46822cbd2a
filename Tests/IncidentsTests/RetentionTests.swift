import Foundation
import Incidents
import Severities
import TestSupport
import Testing

struct RetentionTests {
    private func sighting(_ camera: String, daysAgo: Double, snapshot: String?) -> Sighting {
        let time = Date().addingTimeInterval(-daysAgo * 86_400)
        return Sighting(cameraId: camera, kind: .plate, label: "黑A12345", firstSeen: time, lastSeen: time, bestTime: time,
                        mediaOffset: 0, box: (0, 0, 10, 10), confidence: 0.9, frames: 1, snapshotPath: snapshot)
    }

    private func file(_ directory: URL, _ name: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try Data([0xFF, 0xD8]).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The same pass through the synchronous store and its async face (`store.async`, one async write per batch).
    @Test(arguments: [false, true]) func oldSightingsAndSnapshotsGoIncidentEvidenceStays(async: Bool) async throws {
        let directory = try temporaryDirectory("retention")
        let store = try IncidentStore(path: directory.appendingPathComponent("db.sqlite").path)
        try store.save(Camera(id: "gate", name: "gate", kind: .fixed, url: "rtsp://gate"))
        let ancient = try file(directory, "ancient.jpg"), old = try file(directory, "old.jpg")
        let fresh = try file(directory, "fresh.jpg"), evidence = try file(directory, "evidence.jpg")
        try store.record(sighting("gate", daysAgo: 100, snapshot: ancient))
        try store.record(sighting("gate", daysAgo: 40, snapshot: old))
        try store.record(sighting("gate", daysAgo: 1, snapshot: fresh))
        let hit = Incident(cameraId: "gate", kind: .plate, subject: "黑A12345", watchlist: "hotlist", reason: nil, severity: .high)
        try store.record(sighting("gate", daysAgo: 100, snapshot: evidence), incident: hit)

        let (sightingsBefore, snapshotsBefore) = (Date().addingTimeInterval(-90 * 86_400), Date().addingTimeInterval(-30 * 86_400))
        let pruned = async
            ? try await store.async.prune(sightingsBefore: sightingsBefore, snapshotsBefore: snapshotsBefore, batch: 1)
            : try store.prune(sightingsBefore: sightingsBefore, snapshotsBefore: snapshotsBefore, batch: 1)
        #expect(pruned == .init(sightings: 1, snapshots: 2))
        let left = try store.sightings()
        #expect(left.count == 3, "the 100-day-old plain sighting is gone")
        #expect(left.compactMap(\.snapshotPath).sorted() == [evidence, fresh].sorted(), "the 40-day-old snapshot is gone")
        for path in [ancient, old] { #expect(!FileManager.default.fileExists(atPath: path)) }
        for path in [fresh, evidence] { #expect(FileManager.default.fileExists(atPath: path)) }
    }

    @Test func watchlistVersionMovesOnEveryChange() async throws {
        let store = try IncidentStore()
        let start = try store.watchlistVersion()
        try store.listPlates([WatchlistPlate(pattern: "黑A12345", reason: "stolen", severity: .high)])
        let listed = try store.watchlistVersion()
        #expect(listed > start)
        #expect(try await store.async.watchlistVersion() == listed)
        try store.listPlates([WatchlistPlate(pattern: "黑A12345", reason: "stolen", severity: .low)])
        let updated = try store.watchlistVersion()
        #expect(updated > listed, "a changed severity counts too")
        #expect(try store.removePlate("黑A12345"))
        #expect(try store.watchlistVersion() > updated)
    }
}
