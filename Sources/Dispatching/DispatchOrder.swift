public import Foundation
public import GRDB

/// One unit sent to one incident. Its id is the idempotency key of every message about it.
public struct DispatchOrder: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public enum State: String, Codable, Sendable, CaseIterable {
        case pending, notified, acknowledged, onScene = "on_scene", resolved, escalated, expired

        /// Still waiting for the unit to acknowledge.
        public var isAwaitingAcknowledgement: Bool { self == .pending || self == .notified }
        /// The unit has taken the incident on.
        public var isTaken: Bool { self == .acknowledged || self == .onScene || self == .resolved }
    }

    public var id: String
    public var incidentId: Int64
    public var forceId: String
    public var forceType: ForceType
    public var rule: String
    public var tier: Int
    public var state: State
    public var distanceMeters: Double?
    public var deadline: Date
    public var createdAt: Date
    public var updatedAt: Date

    public static let databaseTableName = "dispatchOrder"
}

/// Every change of an order's state: when, by whom, why.
public struct OrderTransition: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public var id: Int64?
    public var orderId: String
    public var fromState: DispatchOrder.State?
    public var toState: DispatchOrder.State
    public var at: Date
    public var actor: String
    public var note: String?

    public static let databaseTableName = "orderTransition"

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A message not yet confirmed by its receiver (transactional outbox).
public struct OutboxMessage: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public var id: Int64?
    public var orderId: String
    public var url: String
    public var body: Data
    /// `sha256=<hex HMAC of the body with the force's secret>`.
    public var signature: String
    public var attempts: Int
    public var nextAttemptAt: Date
    public var deliveredAt: Date?
    public var lastError: String?
    public var createdAt: Date
    /// When the message was found unsendable (its URL unusable): it is never tried again.
    public var failedAt: Date? = nil

    public static let databaseTableName = "outbox"

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
