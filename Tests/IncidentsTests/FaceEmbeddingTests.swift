import Foundation
import GRDB
import Incidents
import Testing

/// Embeddings of unknown faces: written with their sighting, read by cursor, pruned per camera without the sighting.
struct FaceEmbeddingTests {
    private func face(_ camera: String, daysAgo: Double) -> Sighting {
        let time = Date().addingTimeInterval(-daysAgo * 86_400)
        return Sighting(cameraId: camera, kind: .face, firstSeen: time, lastSeen: time, bestTime: time, mediaOffset: 0,
                        box: (0, 0, 40, 40), confidence: 0, frames: 3)
    }

    private static let bytes = [UInt8](repeating: 0, count: 512)

    /// A store that knows the cameras the tests use (a sighting must name a known camera).
    private func makeStore() throws -> IncidentStore {
        let store = try IncidentStore()
        for id in ["gate", "market", "removed"] { try store.save(Camera(id: id, name: id, kind: .fixed, url: "rtsp://\(id)")) }
        return store
    }

    @Test func storedWithItsSightingAndOnlyWhenGiven() throws {
        let store = try makeStore()
        let (kept, _, _) = try store.record(face("gate", daysAgo: 0), faceEmbedding: Self.bytes)
        try store.record(face("gate", daysAgo: 0))
        #expect(try store.faceEmbeddingCount() == 1)
        var read: [IncidentStore.StoredFaceEmbedding] = []
        try store.forEachFaceEmbedding { read.append($0) }
        #expect(read.map(\.sightingId) == [kept.id])
        #expect(read.first?.cameraId == "gate" && read.first?.bytes == Data(Self.bytes))
        #expect(abs((read.first?.seenAt.timeIntervalSince(kept.bestTime)) ?? 1) < 0.001)
    }

    @Test func scanFiltersByCameraAndTime() throws {
        let store = try makeStore()
        for (camera, days) in [("gate", 1.0), ("gate", 3.0), ("market", 1.0)] {
            try store.record(face(camera, daysAgo: days), faceEmbedding: Self.bytes)
        }
        func count(_ filter: IncidentStore.FaceEmbeddingFilter) throws -> Int {
            var count = 0
            try store.forEachFaceEmbedding(filter) { _ in count += 1 }
            return count
        }
        let twoDaysAgo = Date().addingTimeInterval(-2 * 86_400)
        #expect(try count(.init()) == 3)
        #expect(try count(.init(cameras: ["gate"])) == 2)
        #expect(try count(.init(cameras: ["gate"], from: twoDaysAgo)) == 1)
        #expect(try count(.init(to: twoDaysAgo)) == 1)
        #expect(try count(.init(cameras: [])) == 0)
    }

    /// Through the synchronous store and its async face (one async write per batch).
    @Test(arguments: [false, true]) func prunedPerCameraWhileTheSightingStays(async: Bool) async throws {
        let store = try makeStore()
        for (camera, days) in [("gate", 2.0), ("gate", 5.0), ("market", 5.0), ("removed", 8.0), ("removed", 6.0)] {
            try store.record(face(camera, daysAgo: days), faceEmbedding: Self.bytes)
        }
        let now = Date()
        let cutoffs = ["gate": now.addingTimeInterval(-3 * 86_400), "market": now.addingTimeInterval(-30 * 86_400)]
        let others = now.addingTimeInterval(-7 * 86_400)
        let removed = async
            ? try await store.async.pruneFaceEmbeddings(before: cutoffs, othersBefore: others, batch: 1)
            : try store.pruneFaceEmbeddings(before: cutoffs, othersBefore: others, batch: 1)
        #expect(removed == 2, "gate's 5-day-old and the removed camera's 8-day-old")
        #expect(try store.faceEmbeddingCount(camera: "gate") == 1)
        #expect(try store.faceEmbeddingCount(camera: "market") == 1)
        #expect(try store.faceEmbeddingCount(camera: "removed") == 1)
        #expect(try store.sightings(kind: .face).count == 5, "sightings follow their own retention")
    }

    @Test func goesWithItsSighting() throws {
        let store = try makeStore()
        try store.record(face("gate", daysAgo: 100), faceEmbedding: Self.bytes)
        let pruned = try store.prune(sightingsBefore: Date().addingTimeInterval(-90 * 86_400), snapshotsBefore: nil)
        #expect(pruned.sightings == 1)
        #expect(try store.faceEmbeddingCount() == 0)
    }
}
