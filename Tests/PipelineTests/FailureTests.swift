import AnalysisKit
import Foundation
import Logging
import Media
import Severities
@testable import Pipeline
import TestSupport
import Testing

/// Emits one watchlist hit on the first frame it sees, when the input ends.
private struct HitTracker: Tracker {
    let kind = DetectionKind.plate
    var first: Frame?

    mutating func update(_ frame: Frame, detections: [Detection]) -> [Pass] {
        first = first ?? frame
        return []
    }

    mutating func finish() -> [Pass] {
        guard let frame = first else { return [] }
        let draft = IncidentDraft(subject: "京FK5358", watchlist: "hotlist", reason: "stolen", severity: .high)
        return [Pass(kind: .plate, label: "京FK5358", firstTime: frame.time, lastTime: frame.time, bestFrame: frame,
                     box: Box(x: 10, y: 10, width: 100, height: 40), confidence: 0.9, frames: 1, keepsCrop: true,
                     incident: draft)]
    }
}

/// Runs and refusals where something goes wrong: never a trap, never a silent success. (How the store's sink fails,
/// retries and keeps a sighting without its pictures is tested on a real database in ServiceTests/RecorderTests.)
struct FailureTests {
    private func firstFrame() throws -> Frame {
        let reader = try MediaReader(url: Fixtures.hamilton)
        _ = try #require(try reader.decodeNext())
        return try reader.retainCurrent()
    }

    /// Feeds one frame to a `HitTracker` through an aggregator and returns the run's counters.
    private func recordHit(into sink: PassList) throws -> Summary {
        let stats = Stats(Summary(source: "clip", camera: "gate", sampling: "test"))
        let aggregator = Aggregator(trackers: [HitTracker()], sink: sink, run: PassRun(origin: Date(), isLive: false),
                                    stats: stats, logger: Logger(label: "test"))
        aggregator.submit(sequence: 0, frame: try firstFrame(), detections: [])
        aggregator.endOfInput(count: 1)
        aggregator.waitUntilDone()
        return stats.current
    }

    @Test func aHitIsCountedByItsKind() throws {
        let summary = try recordHit(into: PassList())
        #expect(summary.sightings == 1 && summary.incidents == 1)
        #expect(summary.sightingsByKind == ["plate": 1] && summary.incidentsByKind == ["plate": 1])
        #expect(summary.hits["京FK5358"]?.map(\.newIncident) == [true])
        #expect(summary.failure == nil)
    }

    @Test func hitKeptWithoutItsPicturesCountsASnapshotError() throws {
        let summary = try recordHit(into: PassList(snapshotFailure: "Not a directory"))
        #expect(summary.sightings == 1 && summary.incidents == 1, "the hit is kept")
        #expect(summary.snapshotErrors == 1)
        #expect(summary.failure?.contains("1 snapshot(s) could not be written") == true)
    }

    @Test func passTheSinkRefusesIsCountedAsLost() throws {
        let summary = try recordHit(into: PassList(refusesPasses: true))
        #expect(summary.sightings == 0 && summary.incidents == 0)
        #expect(summary.sightingsLost == 1)
        #expect(summary.failure?.contains("1 sighting(s) could not be recorded") == true)
        #expect(summary.error?.contains("the sink refused the pass") == true)
    }

    private func analysis(_ url: String, sink: PassList = PassList(), _ change: (inout AnalysisOptions) -> Void = { _ in })
        -> Analysis {
        var options = AnalysisOptions()
        change(&options)
        return Analysis(url: url, camera: "gate", sink: sink, options: options, stages: { _ in [MotionStage()] },
                        trackers: { [MotionTracker()] }, logger: Logger(label: "test"))
    }

    @Test func aSinkThatCannotBePreparedStopsTheRunBeforeItStarts() async throws {
        let sink = PassList(refusesPreparing: true)
        let run = analysis(Fixtures.hamilton, sink: sink)
        await #expect { try await run.run() } throws: { error in
            (error as? PassList.Refusal)?.description == "the sink cannot take passes"
        }
        #expect(run.progress.framesDecoded == 0, "nothing was read")
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
        let sink = PassList()
        for (name, change) in changes {
            await #expect { try await analysis(Fixtures.hamilton, sink: sink, change).run() } throws: { error in
                let error = error as? AnalysisError
                return error?.kind == .invalidOptions && error?.message.contains(name) == true
            }
        }
        #expect(!sink.prepared, "nothing ran")
    }

    @Test func fileWithNothingDecodableFails() async throws {
        let summary = try await analysis(Fixtures.path("undecodable.mp4")).run()
        #expect(summary.stopReason == .failed)
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
        let aggregator = Aggregator(trackers: [], sink: PassList(), run: PassRun(origin: Date(), isLive: false), stats: stats,
                                    logger: Logger(label: "test"))
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
