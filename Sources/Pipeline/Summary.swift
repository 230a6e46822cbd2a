/// What an analysis run did, as printed at the end and as JSON (snake_case keys).
public struct Summary: Codable, Sendable {
    /// A stretch of a live source with no frames: from loss to reconnection.
    public struct Gap: Codable, Sendable {
        /// Seconds since the analysis started.
        public var lostAt: Double
        public var resumedAt: Double?
        public var seconds: Double?
        public var reason: String
    }

    /// One pass that hit a watchlist entry.
    public struct Hit: Codable, Sendable {
        public var sightingId: Int64
        public var incidentId: Int64
        /// False when the pass joined an incident already open for the same subject.
        public var newIncident: Bool
        /// What was read or recognised (the plate as read, the identity).
        public var label: String?
        /// Media seconds.
        public var firstSeen: Double
        public var lastSeen: Double
        public var frames: Int
        /// Frames of the pass that matched the subject.
        public var matchingFrames: Int
        public var confidence: Double
    }

    public var source: String
    public var camera: String
    public var sampling: String
    public var decodeMode = DecodeMode.full
    public var framesDecoded = 0
    public var framesSampled = 0
    public var framesAnalyzed = 0
    public var framesDropped = 0
    public var decodeErrors = 0
    public var stageErrors = 0
    /// Sightings stored without their snapshot or crop, because the picture could not be encoded or written.
    public var snapshotErrors = 0
    /// Passes that could not be stored at all (the database refused them): lost, and the run counts as failed.
    public var sightingsLost = 0
    public var sightings = 0
    public var incidents = 0
    public var sightingsByKind: [String: Int] = [:]
    /// What the stages found, per `DetectionKind` raw value, and the new incidents per kind. Not in the JSON as such:
    /// `analyze --json` names the face and plate counts as it always has.
    public var detectionsByKind: [String: Int] = [:]
    public var incidentsByKind: [String: Int] = [:]
    /// How faces and plates saw the frames when they ran on tiles (eagle-eye), e.g. "16 tiles of 1280x720 (overlap 160,
    /// motion-gated)"; nil when they saw the whole frame.
    public var tiling: String?
    /// KLV telemetry packets read (drone sources with a KLV stream; nil without one), and those refused for a bad
    /// checksum or a truncated local set: counted and skipped.
    public var telemetryPackets: Int?
    public var telemetryErrors: Int?
    /// Sightings stored with a ground position of their own (drone telemetry under them).
    public var sightingsPositioned: Int?
    /// Watchlist hits per subject (identity or listed plate).
    public var hits: [String: [Hit]] = [:]
    /// Seconds of media covered (stream time for files, connected time for live sources).
    public var mediaSeconds = 0.0
    public var wallSeconds = 0.0
    /// Media time of the latest decoded frame.
    public var mediaPosition = 0.0
    /// Length of a file, when known, for progress.
    public var mediaDuration: Double?
    public var live = false
    public var reconnects = 0
    public var gaps: [Gap] = []
    public var stopReason = StopReason.running
    public var error: String?

    /// Every stored property but the by-kind detection and incident counters (PipelineTests' SummaryTests checks).
    private enum CodingKeys: String, CodingKey {
        case source, camera, sampling, decodeMode, framesDecoded, framesSampled, framesAnalyzed, framesDropped, decodeErrors
        case stageErrors, snapshotErrors, sightingsLost, sightings, incidents, sightingsByKind, tiling, telemetryPackets
        case telemetryErrors, sightingsPositioned, hits, mediaSeconds, wallSeconds, mediaPosition, mediaDuration, live
        case reconnects, gaps, stopReason, error
    }

    public init(source: String, camera: String, sampling: String) {
        self.source = source
        self.camera = camera
        self.sampling = sampling
    }

    /// Hits and gaps kept in a summary: a camera that runs for months must not grow it without bound
    /// (the database has every sighting; the summary is for people reading a run).
    public static let listLimit = 200

    /// Records a loss of the source, keeping the latest `listLimit` gaps.
    public mutating func noteGap(_ gap: Gap) {
        if gaps.count >= Self.listLimit { gaps.removeFirst() }
        gaps.append(gap)
    }

    /// Why this run did not fully succeed, or nil when it did: it failed or lost its source, or it lost a sighting
    /// or a picture on the way to the store. `analyze` exits 1 whenever this is set.
    public var failure: String? {
        if stopReason == .failed || stopReason == .streamLost { return error ?? "the analysis ended: \(stopReason)" }
        if sightingsLost > 0 { return "\(sightingsLost) sighting(s) could not be recorded: \(error ?? "unknown error")" }
        if snapshotErrors > 0 { return "\(snapshotErrors) snapshot(s) could not be written; their sightings were kept without them" }
        return nil
    }

    /// Media seconds per wall-clock second.
    public var speed: Double { wallSeconds > 0 ? mediaSeconds / wallSeconds : 0 }
}
