import AnalysisKit
import Foundation
import Logging
import Media
@testable import Pipeline
import TestSupport
import Testing
import Toolkit

/// Records the order frames reach it.
private struct OrderTracker: Tracker {
    let kind = DetectionKind.motion
    let seen: Seen

    final class Seen: @unchecked Sendable {
        var indices: [Int] = []
        var finished = false
    }

    mutating func update(_ frame: Frame, detections: [Detection]) -> [Pass] {
        seen.indices.append(frame.index)
        return []
    }

    mutating func finish() -> [Pass] {
        seen.finished = true
        return []
    }
}

struct QueueAndOrderTests {
    private func frames(_ count: Int) throws -> [Frame] {
        let reader = try MediaReader(url: Fixtures.hamilton)
        return try (0..<count).map { _ in
            _ = try #require(try reader.decodeNext())
            return try reader.retainCurrent()
        }
    }

    private func aggregator(_ seen: OrderTracker.Seen) throws -> Aggregator {
        let stats = Stats(Summary(source: "x", camera: "c", sampling: "test"))
        return Aggregator(trackers: [OrderTracker(seen: seen)], sink: PassList(), run: PassRun(origin: Date(), isLive: false),
                          stats: stats, logger: Logger(label: "test"))
    }

    @Test func aggregatorRestoresFrameOrderAndSkipsDroppedFrames() async throws {
        let frames = try frames(5)
        let seen = OrderTracker.Seen()
        let aggregator = try aggregator(seen)
        aggregator.submit(sequence: 2, frame: frames[2], detections: [])
        aggregator.submit(sequence: 0, frame: frames[0], detections: [])
        aggregator.skip(sequence: 1)
        aggregator.submit(sequence: 4, frame: frames[4], detections: [])
        #expect(seen.indices == [0, 2])
        aggregator.endOfInput(count: 5)
        #expect(!seen.finished)
        aggregator.submit(sequence: 3, frame: frames[3], detections: [])
        try await Blocking.run { aggregator.waitUntilDone() }
        #expect(seen.indices == [0, 2, 3, 4])
        #expect(seen.finished)
    }

    private func lane(_ aggregator: Aggregator) -> Lane {
        Lane(id: "c", workers: 1, makeStages: { _ in [] }, analysisWidth: 640, motionGate: false, aggregator: aggregator,
             stats: Stats(Summary(source: "x", camera: "c", sampling: "test")), logger: Logger(label: "test"))
    }

    @Test func liveLaneDropsTheOldestWhenFull() throws {
        let frames = try frames(3)
        let seen = OrderTracker.Seen()
        let lane = lane(try aggregator(seen))
        let queue = WorkQueue()
        let thumbnail = Image(width: 1, height: 1, format: .gray8, pixels: [0])
        let items = frames.enumerated().map {
            WorkItem(sequence: $0, frame: $1, thumbnail: thumbnail, previousThumbnail: nil, lane: lane)
        }
        #expect(queue.put(items[0], lane: "c", capacity: 2, dropOldest: true) == nil)
        #expect(queue.put(items[1], lane: "c", capacity: 2, dropOldest: true) == nil)
        #expect(queue.put(items[2], lane: "c", capacity: 2, dropOldest: true)?.sequence == 0)
        queue.close()
        #expect(queue.take()?.sequence == 1)
        #expect(queue.take()?.sequence == 2)
        #expect(queue.take() == nil)
    }

    @Test func liveLaneDropsStillFramesBeforeFramesWithMotion() throws {
        let frames = try frames(5)
        let lane = lane(try aggregator(OrderTracker.Seen()))
        let queue = WorkQueue()
        let thumbnail = Image(width: 1, height: 1, format: .gray8, pixels: [0])
        // Only frame 1 is still: a full lane loses it rather than the older frame 0, then (no still frame left) 0.
        let items = frames.enumerated().map {
            var item = WorkItem(sequence: $0, frame: $1, thumbnail: thumbnail, previousThumbnail: nil, lane: lane)
            item.still = $0 == 1
            return item
        }
        for item in items.prefix(3) { #expect(queue.put(item, lane: "c", capacity: 3, dropOldest: true) == nil) }
        #expect(queue.put(items[3], lane: "c", capacity: 3, dropOldest: true)?.sequence == 1)
        #expect(queue.put(items[4], lane: "c", capacity: 3, dropOldest: true)?.sequence == 0)
        queue.close()
        #expect(queue.take()?.sequence == 2)
        #expect(queue.take()?.sequence == 3)
        #expect(queue.take()?.sequence == 4)
        #expect(queue.take() == nil)
    }

    @Test func aStillFrameIsOneWhereNothingMovedSinceTheLastSampledFrame() {
        let grey = Image(width: 32, height: 18, format: .gray8, pixels: [UInt8](repeating: 100, count: 32 * 18))
        var moved = grey.pixels
        for y in 4..<10 { for x in 8..<16 { moved[y * 32 + x] = 200 } }
        let car = Image(width: 32, height: 18, format: .gray8, pixels: moved)
        let motion = MotionStage()
        #expect(motion.isStill(grey, after: grey))
        #expect(!motion.isStill(car, after: grey))
        #expect(!motion.isStill(grey, after: nil), "a connection's first frame is looked at")
    }

    @Test func analysedPerWantedIsTheShareOfSampledFramesAnalysedLately() {
        var window = RateWindow()
        #expect(window.analysedRatio(sampled: 5, analysed: 0) == 1, "nothing measured yet")
        window.note(decoded: 100, sampled: 10, analysed: 10)
        #expect(window.analysedRatio(sampled: 10, analysed: 10) == 1, "nothing sampled since")
        #expect(window.analysedRatio(sampled: 30, analysed: 15) == 0.25, "a starved camera")
        #expect(window.analysedRatio(sampled: 30, analysed: 32) == 1, "frames queued before the window count at most 1")
    }

    @Test func recordedLaneBlocksTheReaderInsteadOfDropping() async throws {
        let frames = try frames(2)
        let lane = lane(try aggregator(OrderTracker.Seen()))
        let queue = WorkQueue()
        let thumbnail = Image(width: 1, height: 1, format: .gray8, pixels: [0])
        let items = (0..<2).map {
            WorkItem(sequence: $0, frame: frames[$0], thumbnail: thumbnail, previousThumbnail: nil, lane: lane)
        }
        _ = queue.put(items[0], lane: "c", capacity: 1, dropOldest: false)
        // The reader's put blocks its thread: here a thread of the blocking pool, as the reader's is its own.
        let secondPut = Task { try await Blocking.run { _ = queue.put(items[1], lane: "c", capacity: 1, dropOldest: false) } }
        try await Task.sleep(for: .milliseconds(300))
        #expect(queue.depth(of: "c") == 1, "the second put waits for room")
        #expect(queue.take()?.sequence == 0)
        try await secondPut.value
        #expect(queue.take()?.sequence == 1)
    }

    @Test func reconnectDelaysDoubleUpToTheCap() {
        let policy = ReconnectPolicy()
        let delays = (1...7).map { policy.delay(beforeAttempt: $0) }
        #expect(delays == [.milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(8), .seconds(8)])
    }
}

extension WorkItem? {
    static func == (lhs: WorkItem?, rhs: WorkItem?) -> Bool { lhs?.sequence == rhs?.sequence }
}
