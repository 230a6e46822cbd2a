public import Foundation
public import GRDB

/// An incident's video clip: a complete MP4 of the seconds around the hit, written by stream copy.
public struct IncidentClip: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public var incidentId: Int64
    /// The file, inside the snapshot directory.
    public var path: String
    /// When the clip's first frame was filmed.
    public var startedAt: Date
    public var seconds: Double
    /// Where in the clip the hit (the snapshot's frame) is, in seconds from its start.
    public var hitOffset: Double
    public var bytes: Int
    public var createdAt: Date

    public init(incidentId: Int64, path: String, startedAt: Date, seconds: Double, hitOffset: Double, bytes: Int,
                createdAt: Date = Date()) {
        self.incidentId = incidentId
        self.path = path
        self.startedAt = startedAt
        self.seconds = seconds
        self.hitOffset = hitOffset
        self.bytes = bytes
        self.createdAt = createdAt
    }
}

extension IncidentStore {
    /// Keeps the clip of an incident (replacing an earlier one). Call it only once the file is complete under its
    /// final name. Throws when the incident is gone (its camera was removed meanwhile).
    public func saveClip(_ clip: IncidentClip) throws {
        try write { db in try clip.save(db) }
    }

    /// The clip of an incident, if it has one.
    public func clip(incidentId: Int64) throws -> IncidentClip? {
        try read { db in try IncidentClip.fetchOne(db, key: incidentId) }
    }
}
