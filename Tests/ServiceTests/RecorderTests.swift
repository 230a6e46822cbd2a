import AnalysisKit
import Foundation
import GRDB
import Incidents
import Logging
import Media
import Pipeline
import Service
import Severities
import Synchronization
import TestSupport
import Testing

/// The store's sink on a real SQLite database and real footage: what it keeps of a pass, and how it fails.
struct RecorderTests {
    private let camera = Camera(id: "gate", name: "gate", kind: .fixed, url: "rtsp://camera/stream")

    /// A hotlist hit on the clip's first frame.
    private func hit() throws -> Pass {
        let reader = try MediaReader(url: Fixtures.hamilton)
        _ = try #require(try reader.decodeNext())
        let frame = try reader.retainCurrent()
        let draft = IncidentDraft(subject: "京FK5358", watchlist: "hotlist", reason: "stolen", severity: .high)
        return Pass(kind: .plate, label: "京FK5358", firstTime: frame.time, lastTime: frame.time + 2, bestFrame: frame,
                    box: Box(x: 10, y: 10, width: 100, height: 40), confidence: 0.9, frames: 3, keepsCrop: true,
                    incident: draft)
    }

    private func recorder(_ store: IncidentStore, snapshots: URL? = nil,
                          retryDelays: [Duration] = [.milliseconds(10), .milliseconds(10)]) -> Recorder {
        Recorder(store: store, camera: camera, snapshotDirectory: snapshots, retryDelays: retryDelays)
    }

    @Test func aHitIsStoredAsASightingAndAnIncidentWithItsPictures() throws {
        let store = try IncidentStore()
        let snapshots = try temporaryDirectory("snapshots")
        let sink = recorder(store, snapshots: snapshots)
        try sink.prepare()
        let origin = Date(timeIntervalSince1970: 1_795_000_000), pass = try hit()
        let recorded = try sink.record(pass, of: PassRun(origin: origin, isLive: false)) { _, _ in }
        let sighting = try #require(try store.sightings().first)
        let incident = try #require(try store.incidents().first)
        #expect(recorded.sightingID == sighting.id && recorded.incidentID == incident.id && recorded.isNewIncident)
        #expect(recorded.snapshotFailure == nil && !recorded.isPositioned)
        #expect(sighting.kind == .plate && sighting.label == "京FK5358" && sighting.frames == 3)
        #expect(abs(sighting.bestTime.timeIntervalSince(origin) - sighting.mediaOffset) < 0.01, "media times from the origin")
        #expect(abs(sighting.lastSeen.timeIntervalSince(origin) - pass.lastTime) < 0.01)
        #expect(abs(incident.createdAt.timeIntervalSince(sighting.lastSeen)) < 0.01, "a recording's incident at its media time")
        for path in [sighting.snapshotPath, sighting.cropPath] {
            #expect(FileManager.default.fileExists(atPath: try #require(path)))
        }
    }

    @Test func aHitIsKeptWhenItsSnapshotCannotBeWritten() throws {
        let store = try IncidentStore()
        try store.save(camera)
        let notADirectory = try temporaryDirectory("snapshots").appendingPathComponent("file")
        try Data("x".utf8).write(to: notADirectory)
        let sink = recorder(store, snapshots: notADirectory)
        let recorded = try sink.record(try hit(), of: PassRun(origin: Date(), isLive: true)) { _, _ in }
        #expect(recorded.snapshotFailure != nil)
        let sighting = try #require(try store.sightings().first)
        #expect(sighting.snapshotPath == nil && sighting.cropPath == nil)
        #expect(try store.incidents().count == 1)
    }

    @Test func aSightingTheStoreRefusesIsTriedAgainThenThrown() throws {
        let store = try IncidentStore()  // the camera is never saved: the database refuses its sightings
        var retries: [Duration] = []
        #expect(throws: (any Error).self) {
            try recorder(store).record(try hit(), of: PassRun(origin: Date(), isLive: true)) { _, delay in retries.append(delay) }
        }
        #expect(retries == [.milliseconds(10), .milliseconds(10)])
        #expect(try store.sightings().isEmpty)
    }

    @Test func aStoppingRunDoesNotRetry() throws {
        let store = try IncidentStore()
        var retries = 0
        #expect(throws: (any Error).self) {
            try recorder(store).record(try hit(), of: PassRun(origin: Date(), isLive: true, mayRetry: { false })) { _, _ in
                retries += 1
            }
        }
        #expect(retries == 0)
    }

    @Test func aSightingRefusedOnceIsStoredByTheRetry() throws {
        let store = try IncidentStore(path: temporaryDirectory("flaky").appendingPathComponent("db.sqlite").path)
        try store.save(camera)
        // The database refuses the first insert of a sighting (as a locked or full database would), then takes them.
        let refusals = Refusals(count: 1)
        try store.writer.writeWithoutTransaction { db in
            db.add(function: DatabaseFunction("refuse_once", argumentCount: 0, pure: false) { _ in refusals.take() })
            try db.execute(sql: "CREATE TEMP TRIGGER flaky BEFORE INSERT ON sighting WHEN refuse_once() "
                + "BEGIN SELECT RAISE(ABORT, 'disk I/O hiccup'); END")
        }
        let sink = recorder(store, retryDelays: [.milliseconds(50)])
        let recorded = try sink.record(try hit(), of: PassRun(origin: Date(), isLive: true)) { _, _ in }
        #expect(refusals.left == 0, "the first attempt was refused")
        #expect(recorded.incidentID != nil && recorded.isNewIncident)
        #expect(try store.sightings().count == 1 && store.incidents().count == 1, "stored once, not twice")
    }

    /// A live camera's incident is dated when it is raised, so a late alert shows as late; its sighting keeps when
    /// it was seen.
    @Test func aLiveIncidentIsDatedWhenItIsCommittedNotWhenItsSubjectWasSeen() throws {
        let store = try IncidentStore()
        try store.save(camera)
        let seen = Date().addingTimeInterval(-3600), pass = try hit()
        let before = Date()
        _ = try recorder(store).record(pass, of: PassRun(origin: seen, isLive: true)) { _, _ in }
        let sighting = try #require(try store.sightings().first)
        let incident = try #require(try store.incidents().first)
        #expect(abs(sighting.lastSeen.timeIntervalSince(seen.addingTimeInterval(pass.lastTime))) < 0.01)
        #expect(incident.createdAt >= before.addingTimeInterval(-0.01) && incident.createdAt <= Date(),
                "\(incident.createdAt) is the commit, an hour after the sighting's \(sighting.lastSeen)")
    }

    @Test func aSnapshotDirectoryThatIsAFileIsRefusedAtStart() async throws {
        let store = try IncidentStore()
        let file = try temporaryDirectory("snapshots").appendingPathComponent("file")
        try Data("x".utf8).write(to: file)
        var options = AnalysisOptions()
        options.snapshotDirectory = file.path
        let analysis = Analysis(url: Fixtures.hamilton, camera: camera, store: store, options: options,
                                stages: { _ in [MotionStage()] }, trackers: { [MotionTracker()] }, logger: Logger(label: "test"))
        await #expect { try await analysis.run() } throws: { error in
            let error = error as? AnalysisError
            return error?.kind == .snapshots && error?.message.contains("cannot write snapshots to \(file.path)") == true
        }
        #expect(try store.camera(id: "gate") == nil, "nothing ran")
    }

    /// Real footage through the runtime into the store: every pass a sighting, each with its snapshot.
    @Test func motionOfRealFootageIsStoredWithItsSnapshots() async throws {
        let directory = try temporaryDirectory("analysis")
        let store = try IncidentStore(path: directory.appendingPathComponent("db.sqlite").path)
        var options = AnalysisOptions()
        options.sampling = .every(1)
        options.snapshotDirectory = directory.appendingPathComponent("snapshots").path
        let clip = Camera(id: "clip", name: "clip", kind: .file, url: Fixtures.hamilton)
        let summary = try await Analysis(url: Fixtures.hamilton, camera: clip, store: store, options: options,
                                         stages: { _ in [MotionStage()] }, trackers: { [MotionTracker()] },
                                         logger: Logger(label: "test")).run()
        let sightings = try store.sightings(camera: "clip", kind: .motion)
        #expect(!sightings.isEmpty && sightings.count == summary.sightings)
        for sighting in sightings {
            #expect(FileManager.default.fileExists(atPath: try #require(sighting.snapshotPath)))
        }
        #expect(try store.camera(id: "clip") != nil)
    }
}

/// A count of refusals left, taken from SQLite's thread.
private final class Refusals: Sendable {
    private let remaining: Mutex<Int>
    init(count: Int) { remaining = Mutex(count) }
    var left: Int { remaining.withLock { $0 } }
    func take() -> Bool { remaining.withLock { count in defer { count = max(0, count - 1) }; return count > 0 } }
}
