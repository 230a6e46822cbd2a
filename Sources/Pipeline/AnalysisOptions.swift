public import Foundation
public import Media

/// How long to wait between attempts to reach a live source, and for how many attempts.
public struct ReconnectPolicy: Sendable {
    public var initialDelay: Duration = .milliseconds(500)
    public var maximumDelay: Duration = .seconds(8)
    /// Consecutive failed attempts before giving up.
    public var attempts = 8

    public init() {}

    /// The wait before attempt `n` (from 1): doubling from `initialDelay`, capped at `maximumDelay`.
    public func delay(beforeAttempt n: Int) -> Duration {
        var delay = initialDelay
        for _ in 1..<max(1, n) where delay < maximumDelay { delay *= 2 }
        return min(delay, maximumDelay)
    }
}

/// Settings of one analysis run.
public struct AnalysisOptions: Sendable {
    public var sampling: SamplingPolicy = .fps(5)
    /// Worker threads; each owns one instance of every stage.
    public var workers = 2
    /// Sampled frames that may wait per camera before the oldest is dropped (live) or the reader waits (files).
    public var queueCapacity = 8
    /// Frames wider than this are scaled down for analysis; crops still come from the full frame.
    public var analysisWidth = 1280
    /// Decoder threads; 0 means one per core.
    public var decoderThreads = 0
    /// Where snapshots and crops go; nil keeps none.
    public var snapshotDirectory: String?
    public var reconnect = ReconnectPolicy()
    public var source = SourceOptions()
    /// A watchlist hit on a subject whose incident at this camera saw it this recently joins that incident.
    public var repeatWindow = 300.0
    /// When a recorded file was filmed: sighting times are this plus their media time. Without it, the file's
    /// `creation_time` tag, else the start of the analysis. Live sources always use the wall clock.
    public var recordedAt: Date?
    /// Stop after this many seconds of media (files) or of wall-clock time (live).
    public var maxSeconds: Double?

    public init() {}
}
