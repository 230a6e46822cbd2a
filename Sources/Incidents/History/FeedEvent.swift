public import Foundation
public import GRDB

/// A committed incident or order transition, in commit order: what the live feed sends. SQLite triggers write
/// these rows in the transactions that commit what they announce.
public struct FeedEvent: Codable, Sendable, Equatable, FetchableRecord, TableRecord {
    public enum EventType: String, Codable, Sendable {
        case incident, order
    }

    public var id: Int64
    public var type: EventType
    public var incidentId: Int64
    public var orderId: String?
    public var transitionId: Int64?
    public var at: Date

    public static let databaseTableName = "feedEvent"
}

extension IncidentStore {
    /// Events after `id`, oldest first.
    public func feedEvents(after id: Int64, limit: Int = 200) throws -> [FeedEvent] {
        try read { db in
            try FeedEvent.filter(Column("id") > id).order(Column("id")).limit(limit).fetchAll(db)
        }
    }

    /// The id of the newest event (0 when there is none): where a client without `Last-Event-ID` starts.
    public func latestFeedEventId() throws -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM feedEvent") ?? 0 }
    }
}
