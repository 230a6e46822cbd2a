import Foundation
import GRDB
import Incidents
import Severities
import TestSupport
import Testing

struct IncidentStoreTests {
    private func sighting(camera: String, label: String? = nil, at time: Date = Date()) -> Sighting {
        Sighting(cameraId: camera, kind: .plate, label: label, firstSeen: time, lastSeen: time.addingTimeInterval(2),
                 bestTime: time.addingTimeInterval(1), mediaOffset: 1, box: (10, 20, 100, 30), confidence: 0.9, frames: 5)
    }

    @Test func fileDatabaseIsWALAndSurvivesReopening() throws {
        let path = try temporaryDirectory("store").appendingPathComponent("incidents.sqlite").path
        do {
            let store = try IncidentStore(path: path)
            try store.save(Camera(id: "gate-1", name: "North gate", kind: .fixed, url: "rtsp://gate", latitude: 45.75, longitude: 126.65))
            let incident = Incident(cameraId: "gate-1", kind: .plate, subject: "黑A12345", watchlist: "hotlist",
                                    reason: "stolen", severity: .high)
            let (saved, raised, _) = try store.record(sighting(camera: "gate-1", label: "黑A12345"), incident: incident)
            #expect(saved.id != nil)
            #expect(raised?.sightingId == saved.id)
            let mode = try store.writer.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
            #expect(mode == "wal")
        }
        let reopened = try IncidentStore(path: path)
        #expect(try reopened.camera(id: "gate-1")?.latitude == 45.75)
        #expect(try reopened.sightings(camera: "gate-1").map(\.label) == ["黑A12345"])
        #expect(try reopened.incidents().map(\.subject) == ["黑A12345"])
    }

    @Test func sightingAndIncidentCommitTogetherOrNotAtAll() throws {
        let store = try IncidentStore()
        try store.save(Camera(id: "cam", name: "cam", kind: .file, url: "x.mp4"))
        // An incident naming a camera that does not exist violates a foreign key: nothing may be kept.
        let bad = Incident(cameraId: "missing", kind: .plate, subject: "X", watchlist: nil, reason: nil, severity: .low)
        #expect(throws: (any Error).self) { try store.record(sighting(camera: "cam"), incident: bad) }
        #expect(try store.sightings().isEmpty)
    }

    @Test func repeatHitsOnOneSubjectJoinTheOpenIncident() throws {
        let store = try IncidentStore()
        try store.save(Camera(id: "cam", name: "cam", kind: .fixed, url: "rtsp://cam"))
        let hit = Incident(cameraId: "cam", kind: .plate, subject: "黑A12345", watchlist: "hotlist", reason: "stolen", severity: .high)
        let start = Date()
        let first = try store.record(sighting(camera: "cam", label: "黑A12345", at: start), incident: hit, repeatWindow: 60)
        let second = try store.record(sighting(camera: "cam", label: "黑A12345", at: start.addingTimeInterval(30)), incident: hit, repeatWindow: 60)
        let third = try store.record(sighting(camera: "cam", label: "黑A12345", at: start.addingTimeInterval(200)), incident: hit, repeatWindow: 60)
        #expect(first.isNew && !second.isNew && third.isNew)
        #expect(second.1?.id == first.1?.id)
        #expect(second.0.incidentId == first.1?.id)
        let incidents = try store.incidents()
        #expect(incidents.map(\.sightings) == [2, 1])
    }

    @Test func sightingsFilterByCameraAndKindInTimeOrder() throws {
        let store = try IncidentStore()
        for id in ["a", "b"] { try store.save(Camera(id: id, name: id, kind: .file, url: id)) }
        let now = Date()
        try store.record(sighting(camera: "a", label: "2", at: now.addingTimeInterval(10)))
        try store.record(sighting(camera: "a", label: "1", at: now))
        try store.record(sighting(camera: "b", label: "3", at: now))
        #expect(try store.sightings(camera: "a").map(\.label) == ["1", "2"])
        #expect(try store.sightings(kind: .motion).isEmpty)
    }

    @Test func unwritableLocationIsAClearError() throws {
        let blocker = try temporaryDirectory("store").appendingPathComponent("file")
        try Data("x".utf8).write(to: blocker)
        #expect { try IncidentStore(path: blocker.appendingPathComponent("db.sqlite").path) } throws: { error in
            (error as? StoreError)?.message.contains("cannot open database") == true
        }
    }
}

/// SQLite's refusals come out of the store as typed `StoreError`s, not GRDB's errors.
struct StoreErrorTests {
    @Test func aConstraintIsAStoreErrorOfThatKind() throws {
        let store = try IncidentStore()
        let orphan = Sighting(cameraId: "no-such-camera", kind: .motion, firstSeen: Date(), lastSeen: Date(), bestTime: Date(),
                              mediaOffset: 0, box: (0, 0, 1, 1), confidence: 1, frames: 1)
        let error = #expect(throws: StoreError.self) { try store.record(orphan) }
        #expect(error?.kind == .constraint)
        #expect(error?.message.hasPrefix("database: FOREIGN KEY constraint failed") == true, "\(String(describing: error))")
    }
}
