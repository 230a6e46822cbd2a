public import Foundation
public import Media

/// How long to wait between attempts to reach a source, and for how many attempts.
public struct ReconnectPolicy: Sendable {
    public var initialDelay: Duration = .milliseconds(500)
    public var maximumDelay: Duration = .seconds(8)
    /// Consecutive failed attempts before giving up (`Int.max`: never, as `serve` does).
    public var attempts = 8
    /// A connection that delivered frames for this long was healthy: the next loss starts the backoff afresh.
    /// A shorter one (a server that accepts and ends the stream at once) counts as a failed attempt.
    public var healthyAfter: Duration = .seconds(10)
    /// Retry every kind of failure, a missing or undecodable file too (`serve`: a camera is retried while enabled);
    /// otherwise only sources that cannot be reached or were lost.
    public var retriesEveryFailure = false

    public init() {}

    /// The wait before attempt `n` (from 1): doubling from `initialDelay`, capped at `maximumDelay`.
    public func delay(beforeAttempt n: Int) -> Duration {
        var delay = initialDelay
        // Doubling only below half the cap: no policy, however large, overflows `Duration`.
        for _ in 1..<max(1, min(n, 64)) where delay < maximumDelay { delay = delay < maximumDelay / 2 ? delay * 2 : maximumDelay }
        return min(delay, maximumDelay)
    }
}

/// Settings of one analysis run.
public struct AnalysisOptions: Sendable {
    public var sampling: SamplingPolicy = .fps(5)
    /// Worker threads, when the analysis has a pool of its own; each owns one instance of every stage.
    /// At most `WorkerPool.maxWorkers`.
    public var workers = 2
    /// Sampled frames that may wait per camera before the oldest is dropped (live) or the reader waits (files).
    public var queueCapacity = 8
    /// Frames wider than this are scaled down for analysis; crops still come from the full frame.
    public var analysisWidth = 1280
    /// Width of the grey thumbnail motion is found on. 96 suits a whole-frame decision; tiled eagle-eye frames
    /// need more (384: one thumbnail pixel per 10 pixels of a 4K frame) to tell which tiles moved.
    public var motionWidth = 96
    /// The tiling the camera's stage plan applies (`TiledStage`), so the summary can say how frames were seen.
    public var tiling: TilingSettings?
    /// Faces and plates only on the frames `MotionGate` lets through: motion, a cut, a connection's first frame, and a
    /// still picture once per 10 s.
    public var motionGate = false
    /// Decoder threads; 0 means one per core, at most `ReaderOptions.maxThreads`.
    public var decoderThreads = 0
    /// Sampling by `fps`, the frames decoded only as references for later ones skip the loop filter
    /// (`MediaReader.undeblockedBefore`): a fifth to a quarter less decoding, but the drift it leaves in the analysed
    /// frames cost a face on a 640x360 stream at 420 kbit/s sampled one frame per half-second burst
    /// (`GB28181StreamEndIncidentTests`), so it is off unless asked for.
    public var skipsUnsampledDeblocking = false
    /// Where snapshots and crops go; nil keeps none. Read by the store's sink (Service's `Recorder`), not the runtime.
    public var snapshotDirectory: String?
    public var reconnect = ReconnectPolicy()
    public var source = SourceOptions()
    /// A recording starts again at its end (a file standing in for a camera); media time runs on.
    public var loop = false
    /// A recording is read at its own pace, as a camera would deliver it, instead of as fast as analysis allows.
    public var realtime = false
    /// A watchlist hit on a subject whose incident at this camera saw it this recently joins that incident.
    /// Read by the store's sink, like `snapshotDirectory`.
    public var repeatWindow = 300.0
    /// When a recorded file was filmed: sighting times are this plus their media time. Without it, the file's
    /// `creation_time` tag, else the start of the analysis. Live sources always use the wall clock.
    public var recordedAt: Date?
    /// Stop after this many seconds of media (files) or of wall-clock time (live).
    public var maxSeconds: Double?
    /// Where the reader keeps the video stream's packets (incident clips); closed when the analysis ends.
    public var packets: PacketRing?

    public init() {}
}
