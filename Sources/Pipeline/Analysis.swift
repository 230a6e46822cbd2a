import Foundation
public import Incidents
public import Logging
import Media
import Synchronization

/// Runs one source through sampling, the worker pool, the trackers and the store.
///
/// ```swift
/// let analysis = Analysis(url: "clip.mp4", camera: camera, store: store, options: options,
///                         stages: { [MotionStage()] }, trackers: { [MotionTracker()] })
/// let summary = try await analysis.run()
/// ```
/// `stop()` (SIGINT, SIGTERM) ends reading; queued frames are still analysed and open passes recorded.
public final class Analysis: @unchecked Sendable {
    public typealias StageFactory = @Sendable () throws -> [any Stage]
    public typealias TrackerFactory = @Sendable () -> [any Tracker]

    private let url: String
    private let camera: Camera
    private let store: IncidentStore
    private let options: AnalysisOptions
    private let makeStages: StageFactory
    private let makeTrackers: TrackerFactory
    private let logger: Logger
    private let stats: Stats
    private let interrupter = Interrupter()
    private let wake = NSCondition()
    private let started = ContinuousClock.now
    private let stopping = Mutex(false)

    public init(url: String, camera: Camera, store: IncidentStore, options: AnalysisOptions,
                stages: @escaping StageFactory, trackers: @escaping TrackerFactory, logger: Logger) {
        self.url = url
        self.camera = camera
        self.store = store
        self.options = options
        self.makeStages = stages
        self.makeTrackers = trackers
        var logger = logger
        logger[metadataKey: "camera.id"] = "\(camera.id)"
        self.logger = logger
        stats = Stats(Summary(source: url, camera: camera.id, sampling: options.sampling.description))
    }

    /// The summary so far (for progress while running).
    public var progress: Summary {
        var summary = stats.current
        summary.wallSeconds = (ContinuousClock.now - started).seconds
        return summary
    }

    /// Ends reading now; what is queued is still analysed and recorded.
    public func stop() {
        stopping.withLock { $0 = true }
        interrupter.stop()
        wake.broadcast()
    }

    private var isStopping: Bool { stopping.withLock { $0 } }

    /// Opens the source, analyses it to the end (or until `stop()`), and returns the summary.
    /// Throws when the source cannot be opened at all: a missing file, not a video, an unreachable URL.
    public func run() async throws -> Summary {
        try store.save(camera)
        let stages = Handover(try (0..<max(1, options.workers)).map { _ in try makeStages() })
        let first = try await runOnThread { try self.connect().map(Handover.init) }
        guard let first else {
            return finished(reason: "interrupted")
        }
        await runOnThread { self.process(first: first.value, stages: stages.value) }
        return finished(reason: nil)
    }

    private func finished(reason: String?) -> Summary {
        stats.update {
            if let reason { $0.stopReason = reason }
            $0.wallSeconds = (ContinuousClock.now - started).seconds
        }
        return stats.current
    }

    private func process(first: MediaReader, stages: [[any Stage]]) {
        let queue = WorkQueue()
        let start = Date().addingTimeInterval(-elapsed)
        let origin = first.source.isLive ? start : options.recordedAt ?? first.source.creationTime ?? start
        let recorder = Recorder(store: store, camera: camera,
                                snapshotDirectory: options.snapshotDirectory.map { URL(fileURLWithPath: $0) }, origin: origin,
                                repeatWindow: options.repeatWindow)
        let aggregator = Aggregator(trackers: makeTrackers(), recorder: recorder, stats: stats, logger: logger)
        let workers = DispatchGroup()
        for (index, workerStages) in stages.enumerated() {
            let worker = Handover(Worker(stages: workerStages, analysisWidth: options.analysisWidth, stats: stats, logger: logger))
            workers.enter()
            let thread = Thread { worker.value.run(queue); workers.leave() }
            thread.name = "sharpeyes-worker-\(index)"
            thread.start()
        }
        let count = read(first: first, queue: queue, aggregator: aggregator)
        queue.close()
        aggregator.endOfInput(count: count)
        workers.wait()
        aggregator.waitUntilDone()
    }

    /// The reader loop: decode, sample, queue; reconnect live sources when they drop. Returns the number queued.
    private func read(first: MediaReader, queue: WorkQueue, aggregator: Aggregator) -> Int {
        var reader: MediaReader? = first
        var feed = Feed(policy: options.sampling)
        stats.update { $0.live = first.source.isLive; $0.mediaDuration = first.source.duration }
        while !isStopping {
            guard let current = reader else {
                feed.endConnection()
                reader = reconnectAfterLoss()
                continue
            }
            let outcome = drain(current, feed: &feed, queue: queue, aggregator: aggregator)
            let mediaSeconds = feed.mediaSeconds(frameRate: current.source.frameRate)
            stats.update { $0.decodeErrors += current.decodeErrors; $0.mediaSeconds = mediaSeconds }
            switch outcome {
            case .finished(let reason):
                stats.update { $0.stopReason = reason }
                return feed.sequence
            case .lost(let reason):
                stats.update { $0.gaps.append(.init(lostAt: self.elapsed, reason: reason)) }
                logger.warning("stream lost: \(reason); reconnecting")
                reader = nil
            }
        }
        stats.update { if $0.stopReason == "running" { $0.stopReason = "interrupted" } }
        return feed.sequence
    }

    private enum Outcome { case finished(String), lost(String) }

    private func drain(_ reader: MediaReader, feed: inout Feed, queue: WorkQueue, aggregator: Aggregator) -> Outcome {
        let live = reader.source.isLive
        do {
            while let info = try reader.decodeNext() {
                stats.update { $0.framesDecoded += 1; $0.mediaPosition = info.time }
                if let limit = options.maxSeconds, info.time >= limit { return .finished("duration") }
                if isStopping { return .finished("interrupted") }
                try switchToKeyframesIfSparse(reader)
                feed.decoded(time: info.time)
                guard feed.sampler.shouldSample(time: info.time, index: feed.frameIndex - 1, isKeyframe: info.isKeyframe) else {
                    continue
                }
                let frame = try reader.retainCurrent()
                let thumbnail = try feed.thumbnails.convert(frame)
                let item = WorkItem(sequence: feed.sequence, frame: frame, thumbnail: thumbnail,
                                    previousThumbnail: feed.previousThumbnail, aggregator: aggregator)
                feed.sampled(thumbnail)
                stats.update { $0.framesSampled += 1 }
                if let dropped = queue.put(item, lane: camera.id, capacity: options.queueCapacity, dropOldest: live) {
                    stats.update { $0.framesDropped += 1 }
                    aggregator.skip(sequence: dropped.sequence)
                }
            }
        } catch let error as MediaError where error.kind == .streamLost {
            return isStopping ? .finished("interrupted") : .lost(error.message)
        } catch {
            stats.update { $0.error = "\(error)" }
            logger.error("\(error)")
            return live && !isStopping ? .lost("\(error)") : .finished("failed")
        }
        if isStopping { return .finished("interrupted") }
        return live ? .lost("stream ended") : .finished("end")
    }

    private func switchToKeyframesIfSparse(_ reader: MediaReader) throws {
        guard !reader.keyframesOnly, let interval = options.sampling.interval, let gop = reader.observedGOP,
              interval >= gop - 0.001 else { return }
        try reader.switchToKeyframesOnly()
        stats.update { $0.decodeMode = "keyframes" }
        logger.info("sampling every \(interval)s is sparser than the \(gop)s GOP: decoding keyframes only")
    }

    private var elapsed: Double { (ContinuousClock.now - started).seconds }

    /// First connection: files fail at once; live sources are retried by the reconnect policy.
    private func connect() throws -> MediaReader? {
        var readerOptions = ReaderOptions(threads: options.decoderThreads, keyframesOnly: options.sampling == .keyframes)
        readerOptions.source = options.source
        readerOptions.liveOrigin = started
        var attempt = 1
        while !isStopping {
            do {
                let reader = try MediaReader(url: url, options: readerOptions, interrupter: interrupter)
                logger.info("opened \(reader.source.containerName)/\(reader.source.codecName) \(reader.source.width)x\(reader.source.height)")
                return reader
            } catch let error as MediaError where error.kind == .unreachable && !isStopping {
                guard attempt < options.reconnect.attempts else {
                    throw MediaError(.unreachable, "\(error.message) (gave up after \(attempt) attempts)", code: error.code)
                }
                let delay = options.reconnect.delay(beforeAttempt: attempt)
                logger.warning("\(error.message); attempt \(attempt) of \(options.reconnect.attempts), retrying in \(delay)")
                pause(delay)
                attempt += 1
            }
        }
        return nil
    }

    /// Reconnects a lost live source; `nil` when stopped or out of attempts (recorded as the stop reason).
    private func reconnectAfterLoss() -> MediaReader? {
        do {
            guard let reader = try connect() else { return nil }
            stats.update {
                $0.reconnects += 1
                if let last = $0.gaps.indices.last {
                    $0.gaps[last].resumedAt = self.elapsed
                    $0.gaps[last].seconds = self.elapsed - $0.gaps[last].lostAt
                }
            }
            logger.notice("reconnected after a gap of \(String(format: "%.1f", stats.current.gaps.last?.seconds ?? 0)) s")
            return reader
        } catch {
            stats.update { $0.stopReason = "stream_lost"; $0.error = "\(error)" }
            logger.error("\(error)")
            stop()
            return nil
        }
    }

    /// Sleeps up to `delay`, waking early on `stop()`.
    private func pause(_ delay: Duration) {
        wake.lock()
        if !isStopping { _ = wake.wait(until: Date().addingTimeInterval(delay.seconds)) }
        wake.unlock()
    }
}

/// Blocking work (FFmpeg opens and reads, models) runs on its own thread, never on the cooperative pool.
func runOnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

func runOnThread(_ body: @escaping @Sendable () -> Void) async {
    await withCheckedContinuation { continuation in
        Thread { body(); continuation.resume() }.start()
    }
}
