public import AnalysisKit
import Foundation

extension CameraStatus {
    /// Adds a run's counters to these (a camera's counters span all its runs).
    public mutating func add(_ summary: Summary) {
        framesDecoded += summary.framesDecoded
        framesSampled += summary.framesSampled
        framesAnalysed += summary.framesAnalyzed
        framesDropped += summary.framesDropped
        decodeErrors += summary.decodeErrors
        stageErrors += summary.stageErrors
        reconnects += summary.reconnects
        sightings += summary.sightings
        incidents += summary.incidents
    }
}

extension CameraStatus {
    /// Adds another status's counters to these.
    public mutating func addCounters(of other: CameraStatus) {
        framesDecoded += other.framesDecoded
        framesSampled += other.framesSampled
        framesAnalysed += other.framesAnalysed
        framesDropped += other.framesDropped
        decodeErrors += other.decodeErrors
        stageErrors += other.stageErrors
        reconnects += other.reconnects
        sightings += other.sightings
        incidents += other.incidents
    }
}

extension Analysis {
    /// Adds this run's counters, state and rates to `status`.
    public func report(into status: inout CameraStatus) {
        let snapshot = stats.snapshot
        status.add(snapshot.summary)
        status.state = snapshot.live.state
        status.inputFps = snapshot.inputFps
        status.analysedFps = snapshot.analysedFps
        status.lastFrameAt = snapshot.live.lastFrameAt ?? status.lastFrameAt
        status.lastError = snapshot.live.lastError ?? snapshot.summary.error ?? status.lastError
        status.retryInSeconds = snapshot.live.state == .reconnecting || snapshot.live.state == .connecting
            ? snapshot.live.retryIn : nil
        status.failedAttempts = max(status.failedAttempts, snapshot.live.failedAttempts)
        status.queueDepth = snapshot.queueDepth
    }
}
