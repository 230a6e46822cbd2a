import AnalysisKit
import CoreMetrics
import Foundation
import Media
import Synchronization

/// The running summary of one camera, shared by its reader, the workers and whoever shows progress or status.
///
/// Every change also moves the camera's Prometheus counters by what it added, so the counters and the summary
/// never disagree.
final class Stats: Sendable {
    private let state: Mutex<State>
    private let metrics: CameraMetrics

    private struct State {
        var summary: Summary
        var live = Live()
        var rates = RateWindow()
        var queueDepth = 0
    }

    /// What a status page shows beside the counters.
    struct Live: Sendable {
        var state = CameraState.connecting
        var lastFrameAt: Date?
        var retryIn: Double?
        var failedAttempts = 0
        var lastError: String?
    }

    init(_ summary: Summary) {
        state = Mutex(State(summary: summary))
        metrics = CameraMetrics(camera: summary.camera)
    }

    func update(_ change: (inout Summary) -> Void) {
        let (before, after) = state.withLock { state in
            let before = Counts(state.summary)
            change(&state.summary)
            let after = Counts(state.summary)
            if after.decoded != before.decoded {
                state.live.lastFrameAt = Date()
                state.rates.note(decoded: after.decoded, sampled: after.sampled, analysed: after.analysed)
            }
            return (before, after)
        }
        metrics.add(from: before, to: after)
        if after.sampled != before.sampled { metrics.analysedRatio.record(analysedRatio) }
    }

    /// Analysed frames per sampled frame over the last few seconds (1 while nothing was sampled).
    var analysedRatio: Double {
        state.withLock { state in
            let counts = Counts(state.summary)
            return state.rates.analysedRatio(sampled: counts.sampled, analysed: counts.analysed)
        }
    }

    func live(_ change: (inout Live) -> Void) {
        metrics.update(state: state.withLock { change(&$0.live); return $0.live.state })
    }

    func queueDepth(_ depth: Int) {
        state.withLock { $0.queueDepth = depth }
        metrics.queueDepth.record(depth)
    }

    var current: Summary { state.withLock { $0.summary } }

    /// The summary, the live state and the frame rates over the last few seconds.
    var snapshot: (summary: Summary, live: Live, inputFps: Double, analysedFps: Double, queueDepth: Int) {
        state.withLock { state in
            let counts = Counts(state.summary)
            let (input, analysed) = state.rates.rates(decoded: counts.decoded, analysed: counts.analysed)
            return (state.summary, state.live, input, analysed, state.queueDepth)
        }
    }
}

/// The counters of a summary that metrics follow.
struct Counts {
    var decoded, sampled, analysed, dropped, decodeErrors, reconnects, incidents, lost: Int
    var sightings: [String: Int]

    init(_ s: Summary) {
        decoded = s.framesDecoded
        sampled = s.framesSampled
        analysed = s.framesAnalyzed
        dropped = s.framesDropped
        decodeErrors = s.decodeErrors
        reconnects = s.reconnects
        sightings = s.sightingsByKind
        incidents = s.incidents
        lost = s.sightingsLost
    }
}

extension CameraMetrics {
    /// Moves the counters by what a summary update added.
    func add(from before: Counts, to after: Counts) {
        func bump(_ counter: Counter, _ old: Int, _ new: Int) { if new > old { counter.increment(by: new - old) } }
        bump(framesDecoded, before.decoded, after.decoded)
        bump(framesSampled, before.sampled, after.sampled)
        bump(framesAnalysed, before.analysed, after.analysed)
        bump(framesDropped, before.dropped, after.dropped)
        bump(decodeErrors, before.decodeErrors, after.decodeErrors)
        bump(reconnects, before.reconnects, after.reconnects)
        bump(incidents, before.incidents, after.incidents)
        bump(sightingsLost, before.lost, after.lost)
        for (kind, count) in after.sightings where count > before.sightings[kind, default: 0] {
            sightings(kind).increment(by: count - before.sightings[kind, default: 0])
        }
    }
}

/// Samples of the frame counters, at most one a second for the last few seconds, for rates.
struct RateWindow {
    private var samples: [(time: ContinuousClock.Instant, decoded: Int, sampled: Int, analysed: Int)] = []
    private let span: Duration = .seconds(5)

    mutating func note(decoded: Int, sampled: Int, analysed: Int) {
        let now = ContinuousClock.now
        if let last = samples.last, now - last.time < .seconds(1) { return }
        samples.append((now, decoded, sampled, analysed))
        samples.removeAll { now - $0.time > span + .seconds(1) }
    }

    /// Frames analysed per frame sampled since the oldest kept sample, at most 1 (frames sampled before it may be
    /// analysed within it); 1 when nothing was sampled.
    func analysedRatio(sampled: Int, analysed: Int) -> Double {
        guard let first = samples.first, sampled > first.sampled else { return 1 }
        return min(1, Double(analysed - first.analysed) / Double(sampled - first.sampled))
    }

    /// Frames per second from the oldest kept sample to now; zero once nothing has come for a while.
    func rates(decoded: Int, analysed: Int) -> (Double, Double) {
        let now = ContinuousClock.now
        guard let first = samples.first(where: { now - $0.time <= span + .seconds(1) }) else { return (0, 0) }
        let seconds = max((now - first.time).seconds, 1)
        return (Double(decoded - first.decoded) / seconds, Double(analysed - first.analysed) / seconds)
    }
}
