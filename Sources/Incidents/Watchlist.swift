public import Foundation
public import GRDB
public import Severities

/// A person on a face watchlist (wanted, missing, …).
public struct WatchlistIdentity: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public var id: Int64?
    public var name: String
    public var list: String
    public var severity: Severity
    public var reason: String?
    public var createdAt: Date

    public init(name: String, list: String, severity: Severity, reason: String? = nil, createdAt: Date = Date()) {
        self.name = name
        self.list = list
        self.severity = severity
        self.reason = reason
        self.createdAt = createdAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One enrolment photo's face embedding (128 little-endian Float32).
public struct FaceSample: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public var id: Int64?
    public var identityId: Int64
    public var embedding: Data
    public var photo: String
    public var createdAt: Date

    public init(identityId: Int64 = 0, embedding: Data, photo: String, createdAt: Date = Date()) {
        self.identityId = identityId
        self.embedding = embedding
        self.photo = photo
        self.createdAt = createdAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension IncidentStore {
    /// Adds `samples` to the identity `name` on `list`, creating it if needed (severity and reason are updated).
    @discardableResult
    public func enrol(_ identity: WatchlistIdentity, samples: [FaceSample]) throws -> WatchlistIdentity {
        try write { db in
            var stored = try WatchlistIdentity.filter(Column("name") == identity.name && Column("list") == identity.list).fetchOne(db)
                ?? identity
            stored.severity = identity.severity
            stored.reason = identity.reason ?? stored.reason
            try stored.save(db)
            for var sample in samples {
                sample.identityId = stored.id!
                try sample.insert(db)
            }
            return stored
        }
    }

    /// How many enrolment photos the identity `id` has.
    public func photoCount(identity id: Int64) throws -> Int {
        try read { db in try FaceSample.filter(Column("identityId") == id).fetchCount(db) }
    }

    /// Every identity with its samples, by list then name.
    public func faceWatchlist() throws -> [(WatchlistIdentity, [FaceSample])] {
        try read { db in
            let identities = try WatchlistIdentity.order(Column("list"), Column("name")).fetchAll(db)
            let samples = Dictionary(grouping: try FaceSample.fetchAll(db), by: \.identityId)
            return identities.map { ($0, samples[$0.id!] ?? []) }
        }
    }

    /// Removes an identity and its samples; `false` when there was none.
    public func removeIdentity(name: String, list: String?) throws -> Bool {
        try write { db in
            var request = WatchlistIdentity.filter(Column("name") == name)
            if let list { request = request.filter(Column("list") == list) }
            return try request.deleteAll(db) > 0
        }
    }
}

extension IncidentStore {
    /// Removes one identity and its samples by id; false when there is none.
    public func removeIdentity(id: Int64) throws -> Bool {
        try write { db in try WatchlistIdentity.deleteOne(db, key: id) }
    }
}
