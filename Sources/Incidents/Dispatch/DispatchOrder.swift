public import Foundation
public import GRDB

/// One unit sent to one incident. Its id is the idempotency key of every message about it.
///
/// The dispatch records live here, beside the migrations that create their tables (Incidents owns the schema);
/// Dispatching decides what to write.
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

    public init(id: String, incidentId: Int64, forceId: String, forceType: ForceType, rule: String, tier: Int,
                state: State, distanceMeters: Double?, deadline: Date, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.incidentId = incidentId
        self.forceId = forceId
        self.forceType = forceType
        self.rule = rule
        self.tier = tier
        self.state = state
        self.distanceMeters = distanceMeters
        self.deadline = deadline
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
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

    public init(id: Int64? = nil, orderId: String, fromState: DispatchOrder.State?, toState: DispatchOrder.State, at: Date,
                actor: String, note: String?) {
        self.id = id
        self.orderId = orderId
        self.fromState = fromState
        self.toState = toState
        self.at = at
        self.actor = actor
        self.note = note
    }

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

    public init(id: Int64? = nil, orderId: String, url: String, body: Data, signature: String, attempts: Int,
                nextAttemptAt: Date, deliveredAt: Date? = nil, lastError: String? = nil, createdAt: Date,
                failedAt: Date? = nil) {
        self.id = id
        self.orderId = orderId
        self.url = url
        self.body = body
        self.signature = signature
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.deliveredAt = deliveredAt
        self.lastError = lastError
        self.createdAt = createdAt
        self.failedAt = failedAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
