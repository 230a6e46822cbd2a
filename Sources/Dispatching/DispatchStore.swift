public import Incidents

/// Dispatch orders as the HTTP API and the live feed see them: async and free of database types, so a second
/// back end implements the same protocol. `SQLiteStore` implements it over GRDB's async reads and writes.
public protocol DispatchStore: Sendable {
    /// Orders newest first, filtered by states, force and incidents (empty = any); with their transitions.
    func orderRecords(states: [DispatchOrder.State], force: String?, incidents: [Int64], limit: Int) async throws
        -> [OrderRecord]
    /// One order with its transitions.
    func orderRecord(id: String) async throws -> OrderRecord?
    /// The transition a feed event announces, with its order.
    func transition(_ event: FeedEvent) async throws -> (DispatchOrder, OrderTransition)?
    /// Applies a unit's action to an order in one transaction (see `Dispatcher.apply`) and returns the order after
    /// it. Throws `DispatchError` when there is no such order or it cannot make the change.
    func apply(_ action: OrderAction, to orderId: String, by actor: String, note: String?,
               with dispatcher: Dispatcher) async throws -> OrderRecord?
    /// Whether some order is past its deadline unacknowledged (only reads).
    func hasOverdue(with dispatcher: Dispatcher) async throws -> Bool
    /// Escalates every overdue order in one transaction (see `Dispatcher.escalateOverdue`); returns the orders created.
    func escalateOverdue(with dispatcher: Dispatcher) async throws -> [DispatchOrder]
}

extension SQLiteStore: DispatchStore {
    public func orderRecords(states: [DispatchOrder.State] = [], force: String? = nil, incidents: [Int64] = [],
                             limit: Int = 200) async throws -> [OrderRecord] {
        try await read { db in try DispatchOrder.records(db, states: states, force: force, incidents: incidents, limit: limit) }
    }

    public func orderRecord(id: String) async throws -> OrderRecord? {
        try await read { db in try DispatchOrder.record(id: id, db) }
    }

    public func transition(_ event: FeedEvent) async throws -> (DispatchOrder, OrderTransition)? {
        try await read { db in try DispatchOrder.transition(event, db) }
    }

    public func apply(_ action: OrderAction, to orderId: String, by actor: String, note: String?,
                      with dispatcher: Dispatcher) async throws -> OrderRecord? {
        try await write { db in
            _ = try dispatcher.apply(action, to: orderId, by: actor, note: note, db)
            return try DispatchOrder.record(id: orderId, db)
        }
    }

    public func hasOverdue(with dispatcher: Dispatcher) async throws -> Bool {
        try await read { db in try dispatcher.hasOverdue(db) }
    }

    public func escalateOverdue(with dispatcher: Dispatcher) async throws -> [DispatchOrder] {
        try await write { db in try dispatcher.escalateOverdue(db) }
    }
}
