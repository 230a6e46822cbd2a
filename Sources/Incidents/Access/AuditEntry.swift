public import Foundation
public import GRDB

/// One read of the history: who, when, which route, with which filters, how many rows came back. The table is
/// append-only (SQLite triggers refuse UPDATE and DELETE), and nothing in the API writes it except `audit`.
public struct AuditEntry: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public var id: Int64?
    public var at: Date
    public var tokenId: Int64?
    public var actor: String
    public var role: String
    public var method: String
    public var route: String
    /// The query's filters as JSON text (parameter → value).
    public var filters: String
    public var rows: Int
    public var status: Int

    public static let databaseTableName = "auditEntry"

    public init(at: Date = Date(), tokenId: Int64?, actor: String, role: String, method: String, route: String,
                filters: String, rows: Int, status: Int) {
        self.at = at
        self.tokenId = tokenId
        self.actor = actor
        self.role = role
        self.method = method
        self.route = route
        self.filters = filters
        self.rows = rows
        self.status = status
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension IncidentStore {
    public func audit(_ entry: AuditEntry) throws {
        try write { db in
            var entry = entry
            try entry.insert(db)
        }
    }

    /// Audit entries newest first, optionally of one actor and from a time on; keyset-paged by id.
    public func auditEntries(actor: String? = nil, from: Date? = nil, to: Date? = nil, beforeId: Int64? = nil,
                             limit: Int = 100) throws -> [AuditEntry] {
        try read { db in
            var request = AuditEntry.all()
            if let actor { request = request.filter(Column("actor") == actor) }
            if let from { request = request.filter(Column("at") >= from) }
            if let to { request = request.filter(Column("at") < to) }
            if let beforeId { request = request.filter(Column("id") < beforeId) }
            return try request.order(Column("id").desc).limit(limit).fetchAll(db)
        }
    }
}
