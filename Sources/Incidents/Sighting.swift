public import Foundation
public import GRDB

/// One pass of a person, vehicle or movement past a camera, decided over several frames.
public struct Sighting: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public enum Kind: String, Codable, Sendable {
        /// `alarm`: a device's alarm (a one-button alarm, a door seal), placed at the camera nearest the device.
        case motion, face, plate, alarm
    }

    public var id: Int64?
    public var cameraId: String
    public var kind: Kind
    /// Plate text or identity; nil for motion and unknown faces.
    public var label: String?
    public var firstSeen: Date
    public var lastSeen: Date
    /// When the frame kept as the snapshot was taken.
    public var bestTime: Date
    /// Seconds into the media of the best frame (for recorded footage; time since start for live).
    public var mediaOffset: Double
    public var boxX: Int
    public var boxY: Int
    public var boxWidth: Int
    public var boxHeight: Int
    public var confidence: Double
    /// How many sampled frames the pass covered.
    public var frames: Int
    public var snapshotPath: String?
    public var cropPath: String?
    /// The incident this pass raised or was added to (watchlist hits only).
    public var incidentId: Int64?
    /// Stage-specific facts (per-character confidences, plate colour, vote counts) as JSON text.
    public var details: String?
    /// Where on the ground the subject was (a drone's sighting, from its telemetry); nil when that is the camera's
    /// own position or unknown.
    public var latitude: Double?
    public var longitude: Double?

    public init(cameraId: String, kind: Kind, label: String? = nil, firstSeen: Date, lastSeen: Date, bestTime: Date,
                mediaOffset: Double, box: (x: Int, y: Int, width: Int, height: Int), confidence: Double, frames: Int,
                snapshotPath: String? = nil, cropPath: String? = nil, details: String? = nil,
                position: (latitude: Double, longitude: Double)? = nil) {
        self.cameraId = cameraId
        self.kind = kind
        self.label = label
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.bestTime = bestTime
        self.mediaOffset = mediaOffset
        (boxX, boxY, boxWidth, boxHeight) = box
        self.confidence = confidence
        self.frames = frames
        self.snapshotPath = snapshotPath
        self.cropPath = cropPath
        self.details = details
        latitude = position?.latitude
        longitude = position?.longitude
    }

    /// The sighting's own ground position, when it has one.
    public var position: Coordinate? {
        guard let latitude, let longitude else { return nil }
        return Coordinate(latitude: latitude, longitude: longitude)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
