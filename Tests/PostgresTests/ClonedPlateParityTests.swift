import Foundation
import Incidents
import PostgresStore
import Severities
import TestSupport
import Testing

/// The cloned-plate check on both stores: the same reads raise and join the same incidents; on PostgreSQL, two
/// nodes reading one plate at once at cameras far apart still see each other.
struct ClonedPlateParityTests {
    private static let start = Date(timeIntervalSince1970: 1_795_000_000)
    private static let rule = ClonedPlateRule(speedLimitKmh: 150, minimumConfidence: 0.9, lookBack: 3_600)

    /// Harbin's centre and a gate 30 km north.
    private static let cameras = [
        Camera(id: "centre", name: "Centre", kind: .fixed, url: "rtsp://c", latitude: 45.75, longitude: 126.65, createdAt: start),
        Camera(id: "north", name: "North gate", kind: .fixed, url: "rtsp://n", latitude: 46.02, longitude: 126.65, createdAt: start),
        Camera(id: "nowhere", name: "No position", kind: .fixed, url: "rtsp://x", createdAt: start),
    ]

    private static func read(_ plate: String, at camera: String, minutes: Double, confidence: Double = 0.95) -> Sighting {
        let time = start.addingTimeInterval(minutes * 60)
        return Sighting(cameraId: camera, kind: .plate, label: plate, firstSeen: time, lastSeen: time.addingTimeInterval(3),
                        bestTime: time.addingTimeInterval(1), mediaOffset: minutes * 60, box: (0, 0, 10, 3),
                        confidence: confidence, frames: 4)
    }

    /// Two reads 30 km apart 5 minutes apart (a clone), a third joining it, a doubtful read, a camera with no position,
    /// a plausible trip.
    private static let reads: [Sighting] = [
        read("黑A12345", at: "centre", minutes: 0), read("黑A12345", at: "north", minutes: 5),
        read("黑A12345", at: "centre", minutes: 9), read("黑B22222", at: "centre", minutes: 0),
        read("黑B22222", at: "north", minutes: 4, confidence: 0.5), read("黑C33333", at: "nowhere", minutes: 1),
        read("黑C33333", at: "north", minutes: 2), read("黑D44444", at: "centre", minutes: 0), read("黑D44444", at: "north", minutes: 30),
    ]

    @Test func theSameReadsRaiseTheSameClonedPlateIncidents() async throws {
        let sqlite = try IncidentStore(clonedPlates: Self.rule)
        for camera in Self.cameras { try sqlite.save(camera) }
        for (index, read) in Self.reads.enumerated() {
            try sqlite.record(read, raisedAt: Self.start.addingTimeInterval(Double(index)))
        }
        let all = try PageRequest(limit: 100)
        let expected = try await sqlite.async.incidents(matching: HistoryFilter(), page: all).items
        #expect(expected.map(\.incident.sightings) == [2], "one clone, joined once")
        let sightings = try await sqlite.async.sightings(matching: HistoryFilter(), page: all).items
        try await PostgresCluster.shared().withDatabase { database in
            try await PostgresStore.withStore(database.configuration, clonedPlates: Self.rule, logger: quietLogger) { store in
                for camera in Self.cameras { try await store.save(camera) }
                for (index, read) in Self.reads.enumerated() {
                    try await store.record(read, raisedAt: Self.start.addingTimeInterval(Double(index)))
                }
                #expect(try await store.incidents(matching: HistoryFilter(), page: all).items == expected)
                #expect(try await store.sightings(matching: HistoryFilter(), page: all).items == sightings)
            }
        }
    }

    @Test func twoNodesReadingOnePlateAtOnceSeeEachOther() async throws {
        try await PostgresCluster.shared().withDatabase { database in
            try await PostgresStore.withStore(database.configuration, clonedPlates: Self.rule, logger: quietLogger) { store in
                for camera in Self.cameras { try await store.save(camera) }
                let plates = (0..<8).map { "黑E1000\($0)" }
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for plate in plates {
                        for (camera, minutes) in [("centre", 0.0), ("north", 2.0)] {
                            group.addTask { try await store.record(Self.read(plate, at: camera, minutes: minutes)) }
                        }
                    }
                    try await group.waitForAll()
                }
                let incidents = try await store.incidents(matching: HistoryFilter(), page: PageRequest(limit: 100)).items
                #expect(incidents.map(\.incident.subject).sorted() == plates, "one cloned-plate incident per plate")
                let before = Date().addingTimeInterval(-60)
                #expect(incidents.allSatisfy { $0.incident.createdAt > before }, "dated by the database's now()")
            }
        }
    }
}
