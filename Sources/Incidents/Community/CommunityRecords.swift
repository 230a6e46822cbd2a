public import Foundation
public import GRDB

/// A resident of a community's register. Their faces are stored as embeddings only (`CommunityRegisterRows`).
public struct CommunityResident: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "communityResident"
    public var id: Int64?
    public var community: String
    public var name: String
    public var unit: String
    public var createdAt: Date

    public init(community: String, name: String, unit: String, createdAt: Date = Date()) {
        (self.community, self.name, self.unit, self.createdAt) = (community, name, unit, createdAt)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A vehicle registered to a unit of a community.
public struct CommunityVehicle: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "communityVehicle"
    public var community: String
    public var plate: String
    public var unit: String
    public var createdAt: Date

    public init(community: String, plate: String, unit: String, createdAt: Date = Date()) {
        (self.community, self.plate, self.unit, self.createdAt) = (community, plate, unit, createdAt)
    }
}

/// A visitor's pass: for a face (embeddings beside it) or a plate, valid from/until, for a host unit.
public struct CommunityVisitorPass: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "visitorPass"
    public var id: Int64?
    public var community: String
    public var name: String?
    public var hostUnit: String
    public var plate: String?
    public var validFrom: Date
    public var validUntil: Date
    public var createdAt: Date

    public init(community: String, name: String?, hostUnit: String, plate: String?, validFrom: Date, validUntil: Date,
                createdAt: Date = Date()) {
        (self.community, self.name, self.hostUnit, self.plate) = (community, name, hostUnit, plate)
        (self.validFrom, self.validUntil, self.createdAt) = (validFrom, validUntil, createdAt)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A resident who must stay home until `until` (key-person watch).
public struct CommunityWatch: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "keyPersonWatch"
    public var residentId: Int64
    public var until: Date
    public var createdAt: Date

    public init(residentId: Int64, until: Date, createdAt: Date = Date()) {
        (self.residentId, self.until, self.createdAt) = (residentId, until, createdAt)
    }
}

/// What a gate decided of a passage.
public enum AccessOutcome: String, Codable, Sendable, CaseIterable {
    case resident, visitor, stranger
}

/// One passage at a community's gate camera, as the access log keeps it: who (a resident, a visitor's pass, a plate)
/// or `stranger`, its sighting (the picture) and the incident a gate rule raised for it, if any.
public struct AccessLogEntry: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "accessRecord"
    public var id: Int64?
    public var community: String
    public var cameraId: String
    public var at: Date
    /// `entering` or `leaving` when the camera says.
    public var direction: String?
    public var kind: Sighting.Kind
    public var outcome: AccessOutcome
    public var residentId: Int64?
    public var plate: String?
    public var passId: Int64?
    public var sightingId: Int64?
    public var incidentId: Int64?
    /// The gate rule that raised the incident (`stranger_at_two_gates`, …).
    public var rule: String?

    public init(community: String, cameraId: String, at: Date, direction: String? = nil, kind: Sighting.Kind,
                outcome: AccessOutcome, residentId: Int64? = nil, plate: String? = nil, passId: Int64? = nil) {
        (self.community, self.cameraId, self.at, self.direction, self.kind) = (community, cameraId, at, direction, kind)
        (self.outcome, self.residentId, self.plate, self.passId) = (outcome, residentId, plate, passId)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A community's whole register as stored, for building its in-memory register (faces as embedding bytes).
public struct CommunityRegisterRows: Sendable {
    public var residents: [(resident: CommunityResident, faces: [Data])] = []
    public var vehicles: [CommunityVehicle] = []
    public var passes: [(pass: CommunityVisitorPass, faces: [Data])] = []
    public var watches: [CommunityWatch] = []
    /// The register's change counter when it was read.
    public var version = 0

    public init() {}
}
