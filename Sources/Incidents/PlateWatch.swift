public import Foundation
public import GRDB
public import Severities

/// A plate on a hotlist (stolen, wanted, …); the pattern may hold `*` and `?` wildcards.
public struct WatchlistPlate: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public var id: Int64?
    public var pattern: String
    public var list: String
    public var reason: String?
    public var severity: Severity
    public var createdAt: Date

    public init(pattern: String, list: String = "hotlist", reason: String?, severity: Severity, createdAt: Date = Date()) {
        self.pattern = pattern
        self.list = list
        self.reason = reason
        self.severity = severity
        self.createdAt = createdAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension IncidentStore {
    /// Adds plates, or updates the reason, severity and list of those already listed, in one transaction: one upsert
    /// per plate through one prepared statement, as a national hotlist holds hundreds of thousands of plates.
    public func listPlates(_ plates: [WatchlistPlate]) throws {
        try write { db in
            let upsert = try db.cachedStatement(sql: """
                INSERT INTO watchlistPlate (pattern, list, reason, severity, createdAt) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (pattern) DO UPDATE SET list = excluded.list, reason = excluded.reason, severity = excluded.severity
                """)
            for plate in plates {
                try upsert.execute(arguments: [plate.pattern, plate.list, plate.reason, plate.severity, plate.createdAt])
            }
        }
    }

    public func plateHotlist() throws -> [WatchlistPlate] {
        try read { db in try WatchlistPlate.order(Column("pattern")).fetchAll(db) }
    }

    /// The entry listed under exactly this pattern.
    public func listedPlate(_ pattern: String) throws -> WatchlistPlate? {
        try read { db in try WatchlistPlate.filter(Column("pattern") == pattern).fetchOne(db) }
    }

    public func removePlate(_ pattern: String) throws -> Bool {
        try write { db in try WatchlistPlate.filter(Column("pattern") == pattern).deleteAll(db) > 0 }
    }
}
