import Dispatching
import Foundation
import Incidents

/// A sighting as the API sends it, redacted through `Audience.redact` (a face's identity and crop are police only).
struct SightingView: Codable, Sendable, Redactable {
    var id: Int64
    var cameraId: String
    var cameraName: String?
    var grid: String?
    var latitude: Double?
    var longitude: Double?
    var kind: String
    /// The plate as voted (plate passes).
    var plate: String?
    /// Every text the plate pass was read as, the voted one included.
    var reads: [String]?
    /// The matched identity (face passes): police only.
    var identity: String?
    var firstSeen: Date
    var lastSeen: Date
    var bestTime: Date
    var confidence: Double
    var frames: Int
    var box: Box
    var incidentId: Int64?
    var snapshotUrl: String?
    var faceCrop: String?
    var watchlist: String?
    var reason: String?

    struct Box: Codable, Sendable {
        var x, y, width, height: Int
    }

    enum CodingKeys: String, CodingKey {
        case id, cameraId, cameraName, grid, latitude, longitude, kind, plate, reads, identity, firstSeen, lastSeen,
             bestTime, confidence, frames, box, incidentId, snapshotUrl, watchlist, reason
        case faceCrop = "cropUrl"
    }

    init(_ row: SightingRow, for caller: Caller) {
        let sighting = row.sighting
        id = sighting.id ?? 0
        cameraId = sighting.cameraId
        cameraName = row.cameraName
        grid = row.grid
        latitude = row.latitude
        longitude = row.longitude
        kind = sighting.kind.rawValue
        plate = sighting.kind == .plate ? sighting.label : nil
        reads = sighting.kind == .plate ? row.reads : nil
        identity = sighting.kind == .face ? sighting.label : nil
        firstSeen = sighting.firstSeen
        lastSeen = sighting.lastSeen
        bestTime = sighting.bestTime
        confidence = sighting.confidence
        frames = sighting.frames
        box = Box(x: sighting.boxX, y: sighting.boxY, width: sighting.boxWidth, height: sighting.boxHeight)
        incidentId = sighting.incidentId
        snapshotUrl = sighting.snapshotPath == nil ? nil : MediaLinks.snapshot(id)
        faceCrop = sighting.cropPath == nil ? nil : MediaLinks.crop(id)
        self = caller.audience.redact(self)
    }
}
