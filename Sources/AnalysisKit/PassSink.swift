public import Foundation

/// Where the passes of an analysis go: the incident store in `analyze` and `serve` (Service's `Recorder`), a list in
/// the runtime's own tests.
///
/// ```swift
/// let analysis = Analysis(url: "clip.mp4", camera: "gate", sink: recorder, options: options,
///                         stages: { _ in [MotionStage()] }, trackers: { [MotionTracker()] }, logger: logger)
/// ```
/// The runtime calls `prepare()` once, before it opens the source, then `record` for each pass in the order the
/// trackers ended them, from one serial queue per analysis: a sink may block (files, a database) without holding up
/// a worker.
public protocol PassSink: Sendable {
    /// Readies the sink before anything is read; what it throws ends the run before it starts (a snapshot folder
    /// that cannot be written).
    func prepare() throws

    /// Keeps one pass of `run`; `onRetry` hears of each refusal the sink will try again, and after how long. What it
    /// throws counts the pass as lost.
    func record(_ pass: Pass, of run: PassRun, onRetry: (any Error, Duration) -> Void) throws -> Recorded
}

/// What a sink is told of the run a pass belongs to, decided when its source opened.
public struct PassRun: Sendable {
    /// The wall-clock time of media time 0.
    public var origin: Date
    /// A live source: its incidents are dated when they are committed, so a late alert shows as late; a recording's
    /// at the media time of the pass's last frame, so last week's footage files its incidents under last week.
    public var isLive: Bool
    /// False once the analysis stops: a refusal then counts as lost at once rather than holding up the shutdown by
    /// the retries of every queued pass.
    public var mayRetry: @Sendable () -> Bool

    public init(origin: Date, isLive: Bool, mayRetry: @escaping @Sendable () -> Bool = { true }) {
        self.origin = origin
        self.isLive = isLive
        self.mayRetry = mayRetry
    }
}

/// What a sink kept of a pass, for the run's summary and log.
public struct Recorded: Sendable {
    public var sightingID: Int64
    /// The incident the pass raised or joined, when it hit a watchlist.
    public var incidentID: Int64?
    /// False when the pass joined an incident already open for the same subject.
    public var isNewIncident: Bool
    /// The sighting has a ground position of its own (drone telemetry under it).
    public var isPositioned: Bool
    /// Why the pass was kept without its pictures, when they could not be encoded or written.
    public var snapshotFailure: String?

    public init(sightingID: Int64, incidentID: Int64? = nil, isNewIncident: Bool = false, isPositioned: Bool = false,
                snapshotFailure: String? = nil) {
        self.sightingID = sightingID
        self.incidentID = incidentID
        self.isNewIncident = isNewIncident
        self.isPositioned = isPositioned
        self.snapshotFailure = snapshotFailure
    }
}
