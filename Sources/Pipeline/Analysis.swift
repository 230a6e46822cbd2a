public import AnalysisKit
import Foundation
public import Logging
import Media
import Synchronization
import Toolkit

/// Runs one source through sampling, the worker pool and the trackers, and hands each pass to a sink.
///
/// ```swift
/// let analysis = Analysis(url: "clip.mp4", camera: "gate", sink: recorder, options: options,
///                         stages: { _ in [MotionStage()] }, trackers: { [MotionTracker()] }, logger: logger)
/// let summary = try await analysis.run()
/// ```
/// `stop()` (SIGINT, SIGTERM, a camera service's cancellation) ends reading; queued frames are still analysed
/// and open passes recorded. Give several analyses one `WorkerPool` to share the process's analysis threads.
public final class Analysis: @unchecked Sendable {
    /// Makes one worker's instances of the stages; `WorkerResources` holds what that worker shares between cameras.
    public typealias StageFactory = @Sendable (WorkerResources) throws -> [any Stage]
    public typealias TrackerFactory = @Sendable () -> [any Tracker]

    let url: String
    /// The camera's id, in the summary, the logs and the metrics.
    let camera: String
    private let sink: any PassSink
    let options: AnalysisOptions
    private let pool: WorkerPool?
    private let makeStages: StageFactory
    private let makeTrackers: TrackerFactory
    let logger: Logger
    let stats: Stats
    private let interrupter = Interrupter()
    private let wake = NSCondition()
    let started = ContinuousClock.now
    private let stopping = Mutex(false)

    /// - Parameter pool: the process's shared workers; without one the analysis starts `options.workers` of its own.
    public init(url: String, camera: String, sink: any PassSink, options: AnalysisOptions, pool: WorkerPool? = nil,
                stages: @escaping StageFactory, trackers: @escaping TrackerFactory, logger: Logger) {
        self.url = url
        self.camera = camera
        self.sink = sink
        self.options = options
        self.pool = pool
        self.makeStages = stages
        self.makeTrackers = trackers
        var logger = logger
        logger[metadataKey: "camera.id"] = "\(camera)"
        self.logger = logger
        stats = Stats(Summary(source: options.source.displayName ?? url, camera: camera, sampling: options.sampling.description))
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
        wake.lock()
        wake.broadcast()
        wake.unlock()
    }

    var isStopping: Bool { stopping.withLock { $0 } }

    /// Opens the source, analyses it to the end (or until `stop()`), and returns the summary.
    /// Throws before anything runs when the options are out of range (`AnalysisError`), when the sink cannot be
    /// readied (`PassSink.prepare()`), and when the source cannot be opened at all: a missing file, not a video, an
    /// unreachable URL (`MediaError`). A run that ends on its own having decoded nothing has stop reason `failed`, and
    /// one whose live source was still lost at the end `stream_lost`; `Summary.failure` says why.
    public func run() async throws -> Summary {
        // However the run ends, no more packets come: whoever follows the ring (clips, segments) finishes.
        defer { options.packets?.close() }
        try options.check()
        try await Blocking.run { [sink] in try sink.prepare() }
        let pool = self.pool ?? WorkerPool(workers: options.workers, logger: logger)
        defer { if self.pool == nil { Thread { pool.shutdown() }.start() } }
        let first = try await DedicatedThread.run {
            var failures = 0
            return try self.connect(failures: &failures).map(Handover.init)
        }
        guard let first else { return finished(reason: isStopping ? .interrupted : .duration) }
        await DedicatedThread.run { self.process(first: first.value, pool: pool) }
        return finished(reason: nil)
    }

    private func finished(reason: StopReason?) -> Summary {
        stats.update {
            if let reason { $0.stopReason = reason }
            $0.wallSeconds = (ContinuousClock.now - started).seconds
            $0.judgeOwnEnd(source: url)
        }
        let summary = stats.current
        stats.live {
            $0.state = summary.stopReason == .failed || summary.stopReason == .streamLost ? .failed : .finished
            $0.retryIn = nil
        }
        return summary
    }

    private func process(first: MediaReader, pool: WorkerPool) {
        let start = Date().addingTimeInterval(-elapsed)
        let origin = first.source.isLive ? start : options.recordedAt ?? first.source.creationTime ?? start
        let run = PassRun(origin: origin, isLive: first.source.isLive,
                          mayRetry: { [weak self] in self.map { !$0.isStopping } ?? false })
        let aggregator = Aggregator(trackers: makeTrackers(), sink: sink, run: run, stats: stats, logger: logger)
        // Unique while it runs (the lane leaves the shared queue before this Analysis can go), and needs no randomness.
        let lane = Lane(id: "\(camera)#\(ObjectIdentifier(self))", workers: pool.size, makeStages: makeStages,
                        analysisWidth: options.analysisWidth, motionGate: options.motionGate, aggregator: aggregator,
                        stats: stats, logger: logger)
        let count = read(first: first, queue: pool.queue, lane: lane)
        options.packets?.close()
        stats.live { $0.state = .stopping }
        aggregator.endOfInput(count: count)
        aggregator.waitUntilDone()
        pool.queue.removeLane(lane.id)
        stats.queueDepth(0)
    }

    var elapsed: Double { (ContinuousClock.now - started).seconds }

    /// Sleeps up to `delay`, waking early on `stop()`.
    func pause(_ delay: Duration) {
        wake.lock()
        if !isStopping { _ = wake.wait(until: Date().addingTimeInterval(delay.seconds)) }
        wake.unlock()
    }

    /// Opens the source once, with the reader settings of this analysis.
    func open(timeOffset: Double = 0) throws -> MediaReader {
        var readerOptions = ReaderOptions(threads: options.decoderThreads, keyframesOnly: options.sampling == .keyframes)
        readerOptions.source = options.source
        readerOptions.liveOrigin = started
        readerOptions.timeOffset = timeOffset
        readerOptions.packets = options.packets
        let reader = try MediaReader(url: url, options: readerOptions, interrupter: interrupter)
        logger.info("opened \(reader.source.containerName)/\(reader.source.codecName) \(reader.source.width)x\(reader.source.height)")
        return reader
    }
}

