public import Media
public import Severities

/// What a watchlist hit adds to a pass: it becomes an incident.
public struct IncidentDraft: Sendable {
    public var subject: String
    public var watchlist: String?
    public var reason: String?
    public var severity: Severity

    public init(subject: String, watchlist: String?, reason: String?, severity: Severity) {
        self.subject = subject
        self.watchlist = watchlist
        self.reason = reason
        self.severity = severity
    }
}

/// One person, vehicle or movement passing a camera, decided over the frames of the pass.
public struct Pass: Sendable {
    public var kind: DetectionKind
    public var label: String?
    public var firstTime: Double
    public var lastTime: Double
    /// The frame kept as the snapshot, and where in it the object is.
    public var bestFrame: Frame
    public var box: Box
    public var confidence: Double
    public var frames: Int
    /// Frames of the pass that matched the subject (the watchlist hit), when the stage tells them apart.
    public var matchingFrames: Int?
    /// Save a crop of `box` beside the snapshot (faces, plates).
    public var keepsCrop: Bool
    public var details: String?
    public var incident: IncidentDraft?
    /// A face that matched no one, at a camera that keeps such faces searchable: its 128-D embedding as
    /// little-endian Float32 bytes, stored with the sighting in the same transaction.
    public var faceEmbedding: [UInt8]?

    public init(kind: DetectionKind, label: String?, firstTime: Double, lastTime: Double, bestFrame: Frame, box: Box,
                confidence: Double, frames: Int, matchingFrames: Int? = nil, keepsCrop: Bool, details: String? = nil,
                incident: IncidentDraft? = nil, faceEmbedding: [UInt8]? = nil) {
        self.kind = kind
        self.label = label
        self.firstTime = firstTime
        self.lastTime = lastTime
        self.bestFrame = bestFrame
        self.box = box
        self.confidence = confidence
        self.frames = frames
        self.matchingFrames = matchingFrames
        self.keepsCrop = keepsCrop
        self.details = details
        self.incident = incident
        self.faceEmbedding = faceEmbedding
    }
}

/// Turns a camera's per-frame detections, seen in frame order, into passes.
public protocol Tracker {
    /// Which detections this tracker consumes.
    var kind: DetectionKind { get }
    /// Feeds one sampled frame and its detections of `kind`; returns the passes that ended.
    mutating func update(_ frame: Frame, detections: [Detection]) -> [Pass]
    /// Ends every open pass (end of input, shutdown).
    mutating func finish() -> [Pass]
}
