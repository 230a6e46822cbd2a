import Foundation
public import GRDB
public import Incidents

/// Why an order cannot make the change asked of it. The API maps `orderNotFound` to 404 and `illegalTransition`
/// to 409.
public struct DispatchError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case orderNotFound, illegalTransition
    }

    public let kind: Kind
    public let message: String

    package static func orderNotFound(_ id: String) -> Self { .init(kind: .orderNotFound, message: "no order \(id)") }
    static func illegalTransition(_ id: String, from: DispatchOrder.State, to: DispatchOrder.State) -> Self {
        .init(kind: .illegalTransition, message: "order \(id) is \(from.rawValue); it cannot become \(to.rawValue)")
    }

    public var description: String { message }
}

/// What a unit does to its order through the API or the CLI.
public enum OrderAction: String, Sendable, CaseIterable {
    case acknowledge, arrive, resolve
}

extension Dispatcher {
    /// Applies `action` to the order in the caller's transaction; returns the order after it.
    public func apply(_ action: OrderAction, to orderId: String, by actor: String, note: String? = nil,
                      _ db: Database) throws -> DispatchOrder {
        switch action {
        case .acknowledge: try acknowledge(orderId, by: actor, db)
        case .arrive: try move(orderId, action: .arrive, by: actor, note: nil, db)
        case .resolve: try resolve(orderId, by: actor, note: note, db)
        }
    }

    /// The unit has taken the order on. When its force type is one whose response counts for the order's rule
    /// (``DispatchConfig/Rule/acknowledgedBy``: the police-audience types unless the rule names others), the
    /// incident becomes acknowledged in the same transaction; a grid worker's "I saw it" leaves it open.
    public func acknowledge(_ orderId: String, by actor: String, in writer: any DatabaseWriter) throws -> DispatchOrder {
        try writer.write { db in try acknowledge(orderId, by: actor, db) }
    }

    /// The unit has arrived.
    public func arrive(_ orderId: String, by actor: String, in writer: any DatabaseWriter) throws -> DispatchOrder {
        try writer.write { db in try apply(.arrive, to: orderId, by: actor, db) }
    }

    /// The incident is dealt with; the incident's other open orders expire.
    public func resolve(_ orderId: String, by actor: String, note: String? = nil, in writer: any DatabaseWriter) throws -> DispatchOrder {
        try writer.write { db in try resolve(orderId, by: actor, note: note, db) }
    }

    private func acknowledge(_ orderId: String, by actor: String, _ db: Database) throws -> DispatchOrder {
        let order = try move(orderId, action: .acknowledge, by: actor, note: nil, db)
        if acknowledgementCounts(order) { try Incident.markAcknowledged(order.incidentId, db) }
        return order
    }

    private func resolve(_ orderId: String, by actor: String, note: String?, _ db: Database) throws -> DispatchOrder {
        let order = try move(orderId, action: .resolve, by: actor, note: note, db)
        let others = try DispatchOrder.filter(Column("incidentId") == order.incidentId && Column("id") != order.id).fetchAll(db)
        for expiry in expirations(resolving: order, siblings: others, by: actor) { try record(expiry, db) }
        try Incident.markResolved(order.incidentId, db)
        return order
    }

    /// Escalates every order past its deadline that nobody took: the next tier of its rule is sent once per
    /// incident, while the incident is open (not yet acknowledged by a unit whose response counts). An order
    /// expires instead ("taken by another unit") only when a unit of its own force type in its own tier took the
    /// incident: orders of different types are separate duties, so a grid worker's acknowledgement never stands in
    /// for the patrol's. Returns the orders created.
    @discardableResult
    public func escalateOverdue(in writer: any DatabaseWriter) throws -> [DispatchOrder] {
        try writer.write { db in try escalateOverdue(db) }
    }

    /// `escalateOverdue(in:)` in the caller's transaction.
    @discardableResult
    public func escalateOverdue(_ db: Database) throws -> [DispatchOrder] {
        let now = clock.now()
        let overdue = try overdueOrders(at: now).fetchAll(db)
        var created: [DispatchOrder] = []
        for order in overdue {
            let siblings = try DispatchOrder.filter(Column("incidentId") == order.incidentId).fetchAll(db)
            let escalation = escalation(of: order, siblings: siblings, at: now)
            try record(escalation.change, db)
            guard let excluding = escalation.nextTierExcluding,
                  let incident = try Incident.fetchOne(db, key: order.incidentId), incident.status == .open else { continue }
            created += try plan(incident, tier: order.tier + 1, excluding: excluding, db)
        }
        return created
    }

    /// Whether some order is past its deadline unacknowledged. Only reads: checking often takes no write lock.
    public func hasOverdue(in reader: any DatabaseReader) throws -> Bool {
        try reader.read { db in try hasOverdue(db) }
    }

    /// `hasOverdue(in:)` in the caller's read.
    public func hasOverdue(_ db: Database) throws -> Bool {
        try overdueOrders(at: clock.now()).isEmpty(db) == false
    }

    private func overdueOrders(at now: Date) -> QueryInterfaceRequest<DispatchOrder> {
        DispatchOrder
            .filter([DispatchOrder.State.pending.rawValue, DispatchOrder.State.notified.rawValue].contains(Column("state")))
            .filter(Column("deadline") <= now)
    }

    private func move(_ orderId: String, action: OrderAction, by actor: String, note: String?,
                      _ db: Database) throws -> DispatchOrder {
        guard let order = try DispatchOrder.fetchOne(db, key: orderId) else { throw DispatchError.orderNotFound(orderId) }
        let move = Self.move(for: action)
        let change = try change(order, to: move.to, allowedFrom: move.allowedFrom, by: actor, note: note)
        try record(change, db)
        return change.order
    }
}
