import Foundation
import Incidents
import PostgresStore
import Synchronization
import Testing

/// Search by photo reads the same stored faces from both stores, filtered the same way.
struct FaceEmbeddingParityTests {
    private static let time = Date(timeIntervalSince1970: 1_795_000_000.5)

    private static func faces() -> [(Sighting, [UInt8])] {
        (0..<9).map { index in
            let at = time.addingTimeInterval(Double(index) * 600)
            let sighting = Sighting(cameraId: ["a", "b", "c"][index % 3], kind: .face, firstSeen: at, lastSeen: at.addingTimeInterval(2),
                                    bestTime: at.addingTimeInterval(1), mediaOffset: 0, box: (0, 0, 50, 60), confidence: 0.3, frames: 3)
            return (sighting, (0..<512).map { UInt8(($0 + index) % 256) })
        }
    }

    private static let filters: [IncidentStore.FaceEmbeddingFilter] = [
        .init(), .init(cameras: ["a"]), .init(cameras: []), .init(cameras: ["b", "c"], from: time.addingTimeInterval(1_000)),
        .init(from: time.addingTimeInterval(601), to: time.addingTimeInterval(3_001)),
    ]

    /// Each stored face as a line of text, in the order the store gave them.
    private func scan(_ store: some FaceEmbeddingStore, _ filter: IncidentStore.FaceEmbeddingFilter) async throws -> [String] {
        let lines = Mutex<[String]>([])
        try await store.forEachFaceEmbedding(filter) { face in
            lines.withLock { $0.append("\(face.sightingId) \(face.cameraId) \(face.seenAt.timeIntervalSince1970) \(Array(face.bytes.prefix(4)))") }
        }
        return lines.withLock { $0 }
    }

    @Test func everyFilterReadsTheSameFacesOnBothStores() async throws {
        let sqlite = try IncidentStore()
        for camera in ["a", "b", "c"] { try sqlite.save(Camera(id: camera, name: camera, kind: .fixed, url: camera, createdAt: Self.time)) }
        for (sighting, embedding) in Self.faces() { try sqlite.record(sighting, faceEmbedding: embedding) }
        var expected: [[String]] = []
        for filter in Self.filters { expected.append(try await scan(sqlite.async, filter)) }
        let wanted = expected
        try await withPostgresStore { store, _ in
            for camera in ["a", "b", "c"] { try await store.save(Camera(id: camera, name: camera, kind: .fixed, url: camera, createdAt: Self.time)) }
            for (sighting, embedding) in Self.faces() { try await store.record(sighting, faceEmbedding: embedding) }
            for (filter, want) in zip(Self.filters, wanted) {
                #expect(try await scan(store, filter) == want, "\(filter)")
            }
        }
        #expect(expected.map(\.count) == [9, 3, 0, 5, 5])
    }
}
