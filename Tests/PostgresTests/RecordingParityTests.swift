import Foundation
import GRDB
import Incidents
import PostgresNIO
@testable import PostgresStore
import Severities
import Testing

/// The recording path's writes on both stores: the same sightings and hits give the same rows, incidents (repeats
/// joining the open one), plate reads (the triggers' canonical forms), face embeddings and live feed.
struct RecordingParityTests {
    private static let start = Date(timeIntervalSince1970: 1_795_000_000.125)

    private static let cameras = [
        Camera(id: "gate", name: "North gate", kind: .fixed, url: "rtsp://gate", latitude: 45.75, longitude: 126.65, grid: "g1",
               createdAt: start),
        Camera(id: "drone", name: "Drone 1", kind: .drone, url: "udp://drone", latitude: 45.7, longitude: 126.6, grid: "g2",
               createdAt: start),
    ]

    /// A morning at two cameras: plates with OCR variants, a hotlist plate seen three times (two join its incident,
    /// one is past the repeat window), a watchlist face, an unknown face kept for search by photo, a drone's fix.
    private static func script() -> [(Sighting, Incident?, [UInt8]?)] {
        func plate(_ label: String, _ camera: String, _ seconds: Double, variants: [String] = []) -> Sighting {
            let time = start.addingTimeInterval(seconds)
            let details = #"{"variants":{"# + ([label] + variants).map { #""\#($0)":1"# }.joined(separator: ",") + "}}"
            return Sighting(cameraId: camera, kind: .plate, label: label, firstSeen: time, lastSeen: time.addingTimeInterval(2.5),
                            bestTime: time.addingTimeInterval(1.25), mediaOffset: seconds, box: (10, 20, 120, 36),
                            confidence: 0.875, frames: 6, snapshotPath: "snap/\(Int(seconds)).jpg", details: details)
        }
        let hit = Incident(cameraId: "gate", kind: .plate, subject: "黑A12345", watchlist: "stolen", reason: "reported stolen",
                           severity: .high, latitude: 45.75, longitude: 126.65, createdAt: start.addingTimeInterval(10))
        let time = start.addingTimeInterval(50)
        let face = Sighting(cameraId: "gate", kind: .face, label: "Zhang Wei", firstSeen: time, lastSeen: time, bestTime: time,
                            mediaOffset: 50, box: (1, 2, 3, 4), confidence: 0.6, frames: 3)
        let unknown = Sighting(cameraId: "drone", kind: .face, firstSeen: time.addingTimeInterval(1), lastSeen: time.addingTimeInterval(2),
                               bestTime: time.addingTimeInterval(1.5), mediaOffset: 51, box: (5, 6, 7, 8), confidence: 0.3, frames: 2,
                               position: (45.71, 126.61))
        let wanted = Incident(cameraId: "gate", kind: .face, subject: "Zhang Wei", watchlist: "wanted", reason: nil,
                              severity: .critical, createdAt: time)
        return [
            (plate("黑A12345", "gate", 10, variants: ["黑A1Z345", "黑AI2345"]), hit, nil),
            (plate("黑B0O8D1", "drone", 20, variants: ["黑B00801"]), nil, nil),
            (plate("黑A12345", "gate", 40), hit, nil), (face, wanted, nil), (unknown, nil, Array(repeating: 7, count: 512)),
            (plate("黑A12345", "gate", 1_000, variants: ["黑A12346"]), hit, nil),
        ]
    }

    @Test func theSameWritesGiveTheSameRowsOnBothStores() async throws {
        let sqlite = try IncidentStore()
        for camera in Self.cameras { try sqlite.save(camera) }
        var expected: [(Sighting, Incident?, Bool)] = []
        for (sighting, incident, embedding) in Self.script() {
            expected.append(try sqlite.record(sighting, incident: incident, faceEmbedding: embedding, repeatWindow: 300))
        }
        let recorded = expected
        try await withPostgresStore { postgres, _ in
            for camera in Self.cameras { try await postgres.save(camera) }
            for ((sighting, incident, embedding), want) in zip(Self.script(), recorded) {
                let got = try await postgres.record(sighting, incident: incident, faceEmbedding: embedding, repeatWindow: 300)
                #expect(got.0 == want.0 && got.1 == want.1 && got.isNew == want.2)
            }
            let all = try PageRequest(limit: 500)
            let sightings = try await sqlite.async.sightings(matching: HistoryFilter(), page: all).items
            #expect(try await postgres.sightings(matching: HistoryFilter(), page: all).items == sightings)
            #expect(sightings.map(\.reads).contains(["黑A12345", "黑A1Z345", "黑AI2345"]))
            let incidents = try await sqlite.async.incidents(matching: HistoryFilter(), page: all).items
            #expect(try await postgres.incidents(matching: HistoryFilter(), page: all).items == incidents)
            #expect(incidents.map(\.incident.sightings).sorted() == [1, 1, 2])
            let feed = try await sqlite.async.feedEvents(after: 0, limit: 100)
            #expect(try await postgres.feedEvents(after: 0, limit: 100) == feed)
            #expect(try await postgres.latestFeedEventId() == sqlite.async.latestFeedEventId())
        }
    }

    /// The v7 trigger's `translate` and `PlateConfusions.canonical` agree on every confusable character: when the
    /// classes change without a new migration, this fails (as its SQLite twin in MigrationFreezeTests does).
    @Test func theTriggersCanonicalFormIsTheSwiftOne() async throws {
        try await withPostgresStore { store, _ in
            try await store.save(Self.cameras[0])
            let confusable = PlateConfusions.classes.map { String($0.sorted()) }.joined()
            let time = Self.start
            try await store.record(Sighting(cameraId: "gate", kind: .plate, label: "京" + confusable, firstSeen: time, lastSeen: time,
                                            bestTime: time, mediaOffset: 0, box: (0, 0, 10, 10), confidence: 0.9, frames: 1,
                                            details: #"{"variants":{"粤\#(String(confusable.reversed()))":1}}"#))
            let reads = try await store.client.query(#"SELECT "text", "canonical" FROM "plateRead""#).randomAccessRows()
            #expect(reads.count == 2)
            for read in reads {
                let text = try read.value("text", as: String.self)
                #expect(try read.value("canonical", as: String.self) == PlateConfusions.canonical(text), "canonical form of \(text)")
            }
        }
    }

    @Test func aWriteThatFailsLeavesNothing() async throws {
        try await withPostgresStore { store, _ in
            try await store.save(Self.cameras[0])
            let (sighting, _, _) = Self.script()[0]
            let bad = Incident(cameraId: "missing", kind: .plate, subject: "X", watchlist: nil, reason: nil, severity: .low)
            let error = await #expect(throws: PostgresStoreError.self) { try await store.record(sighting, incident: bad) }
            #expect(error?.kind == .constraint)
            #expect(try await store.sightings(matching: HistoryFilter(), page: PageRequest()).items.isEmpty)
        }
    }
}

/// What SQLite's single writer gives for free, PostgreSQL's concurrent writers must not lose.
struct ConcurrentRecordingTests {
    @Test func passesOfOneSubjectRecordedAtOnceRaiseOneIncident() async throws {
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        try await withPostgresStore { store, _ in
            try await store.save(Camera(id: "gate", name: "gate", kind: .fixed, url: "rtsp://gate", createdAt: start))
            let hit = Incident(cameraId: "gate", kind: .plate, subject: "黑A12345", watchlist: "stolen", reason: nil,
                               severity: .high, createdAt: start)
            let raised = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<12 {
                    let time = start.addingTimeInterval(Double(index))
                    let sighting = Sighting(cameraId: "gate", kind: .plate, label: "黑A12345", firstSeen: time, lastSeen: time,
                                            bestTime: time, mediaOffset: 0, box: (0, 0, 1, 1), confidence: 0.9, frames: 1)
                    group.addTask { try await store.record(sighting, incident: hit, repeatWindow: 300).isNew }
                }
                return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
            }
            #expect(raised == 1)
            let incidents = try await store.incidents(matching: HistoryFilter(), page: PageRequest()).items
            #expect(incidents.map(\.incident.sightings) == [12])
            #expect(try await store.feedEvents(after: 0, limit: 10).count == 1)
        }
    }
}
