public import GRDB
public import Incidents

/// An order with every change of its state, oldest first.
public struct OrderRecord: Sendable, Equatable {
    public var order: DispatchOrder
    public var transitions: [OrderTransition]

    package init(order: DispatchOrder, transitions: [OrderTransition]) {
        self.order = order
        self.transitions = transitions
    }
}

extension DispatchOrder {
    /// Orders newest first, filtered by states, force and incidents (empty = any); with their transitions.
    public static func records(in reader: any DatabaseReader, states: [State] = [], force: String? = nil,
                               incidents: [Int64] = [], limit: Int = 200) throws -> [OrderRecord] {
        try reader.read { db in try records(db, states: states, force: force, incidents: incidents, limit: limit) }
    }

    /// `records(in:…)` in the caller's read or transaction.
    public static func records(_ db: Database, states: [State] = [], force: String? = nil, incidents: [Int64] = [],
                               limit: Int = 200) throws -> [OrderRecord] {
        var request = DispatchOrder.all()
        if !states.isEmpty { request = request.filter(states.map(\.rawValue).contains(Column("state"))) }
        if let force { request = request.filter(Column("forceId") == force) }
        if !incidents.isEmpty { request = request.filter(incidents.contains(Column("incidentId"))) }
        let orders = try request.order(Column("createdAt").desc, Column("id")).limit(limit).fetchAll(db)
        let transitions = try OrderTransition.filter(orders.map(\.id).contains(Column("orderId")))
            .order(Column("id")).fetchAll(db)
        let byOrder = Dictionary(grouping: transitions, by: \.orderId)
        return orders.map { OrderRecord(order: $0, transitions: byOrder[$0.id] ?? []) }
    }

    /// One order with its transitions.
    public static func record(id: String, in reader: any DatabaseReader) throws -> OrderRecord? {
        try reader.read { db in try record(id: id, db) }
    }

    /// `record(id:in:)` in the caller's read or transaction.
    public static func record(id: String, _ db: Database) throws -> OrderRecord? {
        guard let order = try DispatchOrder.fetchOne(db, key: id) else { return nil }
        let transitions = try OrderTransition.filter(Column("orderId") == id).order(Column("id")).fetchAll(db)
        return OrderRecord(order: order, transitions: transitions)
    }

    /// The transition a feed event announces, with its order.
    public static func transition(_ event: FeedEvent, in reader: any DatabaseReader) throws -> (DispatchOrder, OrderTransition)? {
        try reader.read { db in try transition(event, db) }
    }

    /// `transition(_:in:)` in the caller's read or transaction.
    public static func transition(_ event: FeedEvent, _ db: Database) throws -> (DispatchOrder, OrderTransition)? {
        guard let orderId = event.orderId, let transitionId = event.transitionId,
              let order = try DispatchOrder.fetchOne(db, key: orderId),
              let transition = try OrderTransition.fetchOne(db, key: transitionId) else { return nil }
        return (order, transition)
    }
}
