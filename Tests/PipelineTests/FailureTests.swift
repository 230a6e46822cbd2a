import Foundation
import GRDB
import Incidents
import Logging
import Media
@testable import Pipeline
import Synchronization
import TestSupport
import Testing

/// Emits one watchlist hit on the first frame it sees, when the input ends.
private struct HitTracker: Tracker {
    let kind = Sighting.Kind.plate
    var first: Frame?

    mutating func update(_ frame: Frame, detections: [Detection]) -> [Pass] {
        first = first ?? frame
        return []
    }

    mutating func finish() -> [Pass] {
        guard let frame = first else { return [] }
        let draft = IncidentDraft(subject: "京FK5358", watchlist: "hotlist", reason: "stolen", severity: "high")
        return [Pass(kind: .plate, label: "京FK5358", firstTime: frame.time, lastTime: frame.time, bestFrame: frame,
                     box: Box(x: 10, y: 10, width: 100, height: 40), confidence: 0.9, frames: 1, keepsCrop: true,
                     incident: draft)]
    }
}

/// Runs, stores and refusals where something goes wrong: never a trap, never a silent success.
struct FailureTests {
    private let camera = Camera(id: "gate", name: "gate", kind: .file, url: "clip")

    private func firstFrame() throws -> Frame {
        let reader = try MediaReader(url: Fixtures.hamilton)
        _ = try #require(try reader.decodeNext())
        return try reader.retainCurrent()
    }

    /// Feeds one frame to a `HitTracker` through an aggregator and returns the run's counters.
    private func recordHit(store: IncidentStore, snapshots: URL?,
                           retryDelays: [Duration] = [.milliseconds(10), .milliseconds(10)]) throws -> Summary {
        let stats = Stats(Summary(source: "clip", camera: camera.id, sampling: "test"))
        let recorder = Recorder(store: store, camera: camera, snapshotDirectory: snapshots, origin: Date(),
                                retryDelays: retryDelays)
        let aggregator = Aggregator(trackers: [HitTracker()], recorder: recorder, stats: stats, logger: Logger(label: "test"))
        aggregator.submit(sequence: 0, frame: try firstFrame(), detections: [])
        aggregator.endOfInput(count: 1)
        aggregator.waitUntilDone()
        return stats.current
    }

    @Test func hitIsKeptWhenItsSnapshotCannotBeWritten() throws {
        let store = try IncidentStore()
        try store.save(camera)
        let notADirectory = try temporaryDirectory("snapshots").appendingPathComponent("file")
        try Data("x".utf8).write(to: notADirectory)
        let summary = try recordHit(store: store, snapshots: notADirectory)
        #expect(summary.sightings == 1 && summary.incidents == 1, "the hit is stored")
        #expect(summary.snapshotErrors == 1)
        #expect(summary.failure?.contains("1 snapshot(s) could not be written") == true)
        let sighting = try #require(try store.sightings().first)
        #expect(sighting.snapshotPath == nil && sighting.cropPath == nil)
        #expect(try store.incidents().count == 1)
    }

    @Test func sightingThatCannotBeStoredIsCountedAsLost() throws {
        let store = try IncidentStore()  // the camera is never saved: the database refuses its sightings
        let summary = try recordHit(store: store, snapshots: nil)
        #expect(summary.sightings == 0)
        #expect(summary.sightingsLost == 1)
        #expect(summary.failure?.contains("1 sighting(s) could not be recorded") == true)
    }

    @Test func sightingRefusedOnceIsStoredByTheRetry() throws {
        let store = try IncidentStore(path: temporaryDirectory("flaky").appendingPathComponent("db.sqlite").path)
        try store.save(camera)
        // The database refuses the first insert of a sighting (as a locked or full database would), then takes them.
        let refusals = Refusals(count: 1)
        try store.writer.writeWithoutTransaction { db in
            db.add(function: DatabaseFunction("refuse_once", argumentCount: 0, pure: false) { _ in refusals.take() })
            try db.execute(sql: "CREATE TEMP TRIGGER flaky BEFORE INSERT ON sighting WHEN refuse_once() "
                + "BEGIN SELECT RAISE(ABORT, 'disk I/O hiccup'); END")
        }
        let summary = try recordHit(store: store, snapshots: nil, retryDelays: [.milliseconds(50)])
        #expect(refusals.left == 0, "the first attempt was refused")
        #expect(summary.sightings == 1 && summary.incidents == 1 && summary.sightingsLost == 0)
        #expect(try store.sightings().count == 1 && store.incidents().count == 1, "stored once, not twice")
    }

    private func analysis(_ url: String, store: IncidentStore, _ change: (inout AnalysisOptions) -> Void = { _ in }) -> Analysis {
        var options = AnalysisOptions()
        change(&options)
        return Analysis(url: url, camera: camera, store: store, options: options, stages: { _ in [MotionStage()] },
                        trackers: { [MotionTracker()] }, logger: Logger(label: "test"))
    }

    @Test func snapshotDirectoryThatIsAFileIsRefusedAtStart() async throws {
        let store = try IncidentStore()
        let file = try temporaryDirectory("snapshots").appendingPathComponent("file")
        try Data("x".utf8).write(to: file)
        let run = analysis(Fixtures.hamilton, store: store) { $0.snapshotDirectory = file.path }
        await #expect { try await run.run() } throws: { error in
            let error = error as? AnalysisError
            return error?.kind == .snapshots && error?.message.contains("cannot write snapshots to \(file.path)") == true
        }
        #expect(try store.camera(id: "gate") == nil, "nothing ran")
    }

    @Test func optionsOutOfRangeAreRefusedBeforeAnythingRuns() async throws {
        let changes: [(String, @Sendable (inout AnalysisOptions) -> Void)] = [
            ("workers", { $0.workers = 100_000 }), ("decoder threads", { $0.decoderThreads = 100_000 }),
            ("queue capacity", { $0.queueCapacity = 0 }), ("read timeout", { $0.source.readTimeout = .zero }),
            ("read timeout", { $0.source.readTimeout = .seconds(-1) }), ("open timeout", { $0.source.openTimeout = .seconds(301) }),
            ("duration", { $0.maxSeconds = -1 }), ("duration", { $0.maxSeconds = .nan }),
            ("every", { $0.sampling = .every(0) }), ("fps", { $0.sampling = .fps(.nan) }),
            ("repeat window", { $0.repeatWindow = .infinity }), ("analysis width", { $0.analysisWidth = -1 }),
        ]
        let store = try IncidentStore()
        for (name, change) in changes {
            await #expect { try await analysis(Fixtures.hamilton, store: store, change).run() } throws: { error in
                let error = error as? AnalysisError
                return error?.kind == .invalidOptions && error?.message.contains(name) == true
            }
        }
        #expect(try store.camera(id: "gate") == nil, "nothing ran")
    }

    @Test func fileWithNothingDecodableFails() async throws {
        let store = try IncidentStore()
        let summary = try await analysis(Fixtures.path("undecodable.mp4"), store: store).run()
        #expect(summary.stopReason == "failed")
        #expect(summary.framesDecoded == 0 && summary.decodeErrors > 0)
        #expect(summary.error?.contains("no frame could be decoded") == true)
        #expect(summary.failure != nil)
    }

    @Test func zeroCapacityQueueNeitherTrapsNorHangs() throws {
        let reader = try MediaReader(url: Fixtures.hamilton)
        let frames = try (0..<2).map { _ in
            _ = try #require(try reader.decodeNext())
            return try reader.retainCurrent()
        }
        let stats = Stats(Summary(source: "x", camera: "c", sampling: "test"))
        let recorder = Recorder(store: try IncidentStore(), camera: camera, snapshotDirectory: nil, origin: Date())
        let aggregator = Aggregator(trackers: [], recorder: recorder, stats: stats, logger: Logger(label: "test"))
        let lane = Lane(id: "c", workers: 1, makeStages: { _ in [] }, analysisWidth: 640, motionGate: false,
                        aggregator: aggregator, stats: stats, logger: Logger(label: "test"))
        let thumbnail = Image(width: 1, height: 1, format: .gray8, pixels: [0])
        let items = frames.enumerated().map {
            WorkItem(sequence: $0, frame: $1, thumbnail: thumbnail, previousThumbnail: nil, lane: lane)
        }
        let queue = WorkQueue()
        #expect(queue.put(items[0], lane: "c", capacity: 0, dropOldest: true) == nil, "holds one")
        #expect(queue.put(items[1], lane: "c", capacity: -5, dropOldest: true)?.sequence == 0)
        #expect(queue.take()?.sequence == 1)
        #expect(queue.put(items[0], lane: "c", capacity: 0, dropOldest: false) == nil, "room for one: no wait")
    }

    @Test func workerPoolIsCapped() {
        let pool = WorkerPool(workers: 100_000, logger: Logger(label: "test"))
        #expect(pool.size == WorkerPool.maxWorkers)
        pool.shutdown()
        let least = WorkerPool(workers: -3, logger: Logger(label: "test"))
        #expect(least.size == 1)
        least.shutdown()
    }
}

/// A count of refusals left, taken from SQLite's thread.
private final class Refusals: Sendable {
    private let remaining: Mutex<Int>
    init(count: Int) { remaining = Mutex(count) }
    var left: Int { remaining.withLock { $0 } }
    func take() -> Bool { remaining.withLock { count in defer { count = max(0, count - 1) }; return count > 0 } }
}
