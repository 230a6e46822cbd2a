public import AnalysisKit
import Foundation
import Media
public import Incidents
public import Logging
public import Pipeline
public import ServiceLifecycle
import Synchronization
import Toolkit

/// One camera as a long-running service: it analyses its source and, whatever fails (the source cannot be
/// reached, is lost, cannot be decoded; the database refuses a write), tries again with capped backoff for as long
/// as it is enabled. `stop()` or cancellation ends it as Ctrl-C ends `analyze`: stop reading, analyse what is
/// queued, commit.
///
/// `analyze` is this service for one camera with `RetryPolicy.finite`: it calls `runOnce()` and prints the summary.
public final class CameraService: Service, Sendable {
    public let spec: CameraSpec
    private let store: CameraStore
    /// The process's shared workers (`serve`); nil: the analysis starts `options.workers` of its own (`analyze`).
    private let pool: WorkerPool?
    private let plan: StagePlan
    private let logger: Logger
    private let state = Mutex(State())
    /// The clips and recording segments of this camera; nil when the spec keeps no video.
    private let recording: CameraRecording?

    private struct State {
        var analysis: Analysis?
        var stopped = false
        /// Counters of runs that ended (a camera's counters count from the start of the process).
        /// Counters of runs that ended, added up (`CameraStatus.add`), so the history stays one value.
        var earlier: CameraStatus?
        var finished = false
        var failures = 0
        var lastError: String?
        var retryIn: Double?
    }

    /// Where this camera's live view is offered (`serve`); nil: none.
    private let live: LiveCameras?

    public convenience init(spec: CameraSpec, store: IncidentStore, pool: WorkerPool?, plan: StagePlan, logger: Logger,
                            live: LiveCameras? = nil) {
        self.init(spec: spec, on: .sqlite(store), pool: pool, plan: plan, logger: logger, live: live)
    }

    /// The same on either store; clips and recording segments are kept on the SQLite store only, for now.
    public init(spec: CameraSpec, on store: CameraStore, pool: WorkerPool?, plan: StagePlan, logger: Logger,
                live: LiveCameras? = nil) {
        self.spec = spec
        self.live = live
        self.store = store
        self.pool = pool
        self.plan = plan
        var logger = logger
        logger[metadataKey: "camera.id"] = "\(spec.camera.id)"
        self.logger = logger
        recording = spec.recording.flatMap { settings in
            store.sqlite.map { CameraRecording(settings: settings, store: $0, camera: spec.camera.id, logger: logger) }
        }
    }

    public func run() async throws {
        guard spec.enabled else { return }
        try await withGracefulShutdownHandler {
            try await withTaskCancellationHandler {
                if spec.retry == .forever { await supervise() } else { _ = try await runOnce() }
            } onCancel: { stop() }
        } onGracefulShutdown: {
            self.stop()
        }
    }

    /// Ends the camera: reading stops, queued frames are analysed and committed, then `run()` returns.
    public func stop() {
        let analysis = state.withLock { state in
            state.stopped = true
            return state.analysis
        }
        analysis?.stop()
    }

    private var isStopped: Bool { state.withLock { $0.stopped } }

    /// Runs the camera once, as `analyze` does: the source is retried as `spec.retry` allows, and the run's summary
    /// returned. A `stop()` that came first still starts the analysis, stopped, so it ends at once.
    public func runOnce() async throws -> Summary {
        let analysis = Analysis(url: spec.streamURL, camera: spec.camera, on: store, options: options, pool: pool,
                                stages: plan.makeStages, trackers: plan.makeTrackers, logger: logger, recording: recording,
                                live: live)
        if state.withLock({ state in
            state.analysis = analysis
            return state.stopped
        }) { analysis.stop() }
        do {
            let summary = try await analysis.run()
            await recording?.waitUntilWritten(within: .seconds(15))
            finished(summary)
            return summary
        } catch {
            await recording?.waitUntilWritten(within: .seconds(15))
            state.withLock { $0.analysis = nil }
            throw error
        }
    }

    /// The summary of the run under way so far, or nil between runs (for a progress display).
    public var progress: Summary? { state.withLock { $0.analysis }?.progress }

    private var options: AnalysisOptions { spec.retry.applied(to: spec.options) }

    /// `serve`'s loop: runs the camera again after each failure until it is stopped or its recording finished.
    private func supervise() async {
        while !isStopped {
            do {
                let summary = try await runOnce()
                if isStopped { return stopped(summary.failure) }
                switch summary.stopReason {
                case .end, .duration:
                    logger.notice("recording finished")
                    state.withLock { $0.finished = true }
                    return
                case .interrupted: return
                case .failed where summary.framesDecoded > 0 && !summary.live:
                    // Reading it again would record its first part twice: it stays failed until a reload or restart.
                    logger.error("recording failed part-way: \(summary.error ?? "unknown error")")
                    state.withLock { $0.finished = true; $0.lastError = summary.error }
                    return
                default:
                    // Nothing decodable, or a source lost at the end: back off before the next run, as for an error.
                    await failed(CameraFailure(summary.failure ?? summary.error ?? summary.stopReason.rawValue))
                }
            } catch {
                if isStopped { return stopped("\(error)") }
                await failed(error)
            }
        }
    }

    /// A shutdown or removal ended the run, perhaps cutting an open or a read short: not a failure to retry.
    private func stopped(_ interruption: String?) {
        state.withLock { $0.analysis = nil }
        logger.notice("camera stopped\(interruption.map { " (\($0))" } ?? "")")
    }

    private func finished(_ summary: Summary) {
        state.withLock { state in
            var earlier = state.earlier ?? CameraStatus(id: "", name: "", kind: "", url: "", state: .finished)
            earlier.add(summary)
            state.earlier = earlier
            if summary.stopReason != .failed { state.failures = 0 }
            state.analysis = nil
        }
    }

    /// A run that ended in failure (a recording that broke part-way), with the reason it gave.
    private struct CameraFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// What escaped the analysis's own retries (the database, a recording that broke): wait, then run it again.
    private func failed(_ error: any Error) async {
        let delay = state.withLock { state in
            state.failures += 1
            state.lastError = "\(error)"
            state.analysis = nil
            let delay = spec.options.reconnect.delay(beforeAttempt: state.failures)
            state.retryIn = delay.seconds
            return delay
        }
        logger.error("camera failed: \(error); retrying in \(delay)")
        _ = await Periodic(every: .milliseconds(100)).poll(within: delay) { isStopped }
        state.withLock { $0.retryIn = nil }
    }

    /// The camera's state and counters now.
    public var status: CameraStatus {
        let (analysis, earlier, failures, lastError, retryIn, finished) = state.withLock {
            ($0.analysis, $0.earlier, $0.failures, $0.lastError, $0.retryIn, $0.finished)
        }
        var status = CameraStatus(id: spec.camera.id, name: spec.camera.name, kind: spec.camera.kind.rawValue,
                                  url: spec.displayURL, state: spec.enabled ? .connecting : .disabled)
        if let earlier { status.addCounters(of: earlier) }
        status.failedAttempts = failures
        status.lastError = lastError
        if let analysis, spec.enabled { analysis.report(into: &status) }
        if let retryIn {
            status.state = .reconnecting
            status.retryInSeconds = retryIn
        }
        if finished { status.state = lastError == nil ? .finished : .failed }
        return status
    }
}
