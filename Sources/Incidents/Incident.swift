public import Foundation
public import GRDB
public import Severities

/// A watchlist hit (or rule) that someone must act on; it points at the sighting that raised it.
public struct Incident: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public enum Status: String, Codable, Sendable {
        case open, acknowledged, resolved
    }

    /// Why the incident exists: a watchlist or hotlist hit, one plate at two places too far apart in the time
    /// between them (a cloned plate, 套牌车), a device's alarm, or a community gate's rule (a stranger at two gates, …).
    public enum IncidentType: String, Codable, Sendable, CaseIterable {
        case watchlistHit = "watchlist_hit", clonedPlate = "cloned_plate", alarm, gateRule = "gate_rule"
    }

    public var id: Int64?
    public var sightingId: Int64
    public var cameraId: String
    public var kind: Sighting.Kind
    /// The identity or plate on the watchlist.
    public var subject: String
    public var watchlist: String?
    public var reason: String?
    public var severity: Severity
    public var status: Status
    public var latitude: Double?
    public var longitude: Double?
    public var createdAt: Date
    /// The latest sighting added to this incident.
    public var lastSeenAt: Date?
    /// Sightings that raised or joined this incident.
    public var sightings = 1
    public var type: IncidentType = .watchlistHit
    /// The other sighting of a cloned-plate incident (the earlier read, at the other camera).
    public var pairedSightingId: Int64?

    public init(sightingId: Int64 = 0, cameraId: String, kind: Sighting.Kind, subject: String, watchlist: String?,
                reason: String?, severity: Severity, status: Status = .open,
                latitude: Double? = nil, longitude: Double? = nil, createdAt: Date = Date()) {
        self.sightingId = sightingId
        self.cameraId = cameraId
        self.kind = kind
        self.subject = subject
        self.watchlist = watchlist
        self.reason = reason
        self.severity = severity
        self.status = status
        self.latitude = latitude
        self.longitude = longitude
        self.createdAt = createdAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// Counts one more sighting in this open incident, instead of a new alert.
    mutating func join(_ sighting: Sighting, _ db: Database) throws {
        sightings += 1
        lastSeenAt = max(lastSeenAt ?? createdAt, sighting.lastSeen)
        try update(db)
    }
}
