import Dispatching
import Foundation
import Incidents
import Severities

/// An incident as the API sends it. Built only through `init(_:for:)`, which redacts through `Audience.redact`.
struct IncidentView: Codable, Sendable, Redactable {
    var id: Int64
    var type: String
    var kind: String
    /// The person on the watchlist (face incidents): police only.
    var identity: String?
    /// The listed plate or pattern (plate incidents): everyone.
    var plate: String?
    /// The alarm device's name (alarm incidents): everyone.
    var device: String?
    var watchlist: String?
    var reason: String?
    var severity: Severity
    var status: String
    var cameraId: String
    var cameraName: String?
    var grid: String?
    var latitude: Double?
    var longitude: Double?
    var createdAt: Date
    var lastSeenAt: Date?
    var sightings: Int
    var sightingId: Int64
    var pairedSightingId: Int64?
    var snapshotUrl: String
    /// The face (or plate) crop: police only.
    var faceCrop: String?
    /// When the caller marked it reviewed (their own "seen"; the status is the orders' business).
    var reviewedAt: Date?
    /// The video clip around the hit, once it is complete; and where in it the hit is, in seconds.
    var clipUrl: String?
    var clipHitOffset: Double?

    enum CodingKeys: String, CodingKey {
        case id, type, kind, identity, plate, device, watchlist, reason, severity, status, cameraId, cameraName, grid, latitude,
             longitude, createdAt, lastSeenAt, sightings, sightingId, pairedSightingId, snapshotUrl, reviewedAt,
             clipUrl, clipHitOffset
        case faceCrop = "cropUrl"
    }

    init(_ row: IncidentRow, for caller: Caller) {
        let incident = row.incident
        id = incident.id ?? 0
        type = incident.type.rawValue
        kind = incident.kind.rawValue
        identity = incident.kind == .face ? incident.subject : nil
        plate = incident.kind == .plate ? incident.subject : nil
        device = incident.kind == .alarm ? incident.subject : nil
        watchlist = incident.watchlist
        reason = incident.reason
        severity = incident.severity
        status = incident.status.rawValue
        cameraId = incident.cameraId
        cameraName = row.cameraName
        grid = row.grid
        latitude = incident.latitude
        longitude = incident.longitude
        createdAt = incident.createdAt
        lastSeenAt = incident.lastSeenAt
        sightings = incident.sightings
        sightingId = incident.sightingId
        pairedSightingId = incident.pairedSightingId
        snapshotUrl = MediaLinks.snapshot(incident.sightingId)
        faceCrop = incident.kind == .alarm ? nil : MediaLinks.crop(incident.sightingId)
        clipUrl = row.clipPath == nil ? nil : MediaLinks.clip(id)
        clipHitOffset = row.clipPath == nil ? nil : row.clipHitOffset
        self = caller.audience.redact(self)
    }
}

/// The media routes of a sighting.
enum MediaLinks {
    static func snapshot(_ id: Int64) -> String { "/api/sightings/\(id)/snapshot.jpg" }
    static func crop(_ id: Int64) -> String { "/api/sightings/\(id)/crop.jpg" }
}
