public import Dispatching
public import Incidents
import PostgresNIO

/// Dispatch on PostgreSQL: the orders every node's API and feed read, and the order actions and escalation any
/// node may run (see `PostgresStore+OrderActions.swift`).
extension PostgresStore: DispatchStore {
    /// Orders newest first, filtered by states, force and incidents (empty = any); with their transitions.
    public func orderRecords(states: [DispatchOrder.State] = [], force: String? = nil, incidents: [Int64] = [],
                             limit: Int = 200) async throws -> [OrderRecord] {
        var conditions = PostgresConditions()
        conditions.any(#""state""#, in: states.map(\.rawValue))
        if let force { conditions.add(#""forceId" = \#(conditions.bind(force))"#) }
        conditions.any(#""incidentId""#, in: incidents)
        let limit = conditions.bind(limit)
        let orders = try await rows(conditions.query("""
            SELECT * FROM "dispatchOrder" \(conditions.whereClause) ORDER BY "createdAt" DESC, "id" COLLATE "C" LIMIT \(limit)
            """)).map { try $0.dispatchOrder() }
        return try await records(of: orders)
    }

    /// One order with its transitions.
    public func orderRecord(id: String) async throws -> OrderRecord? {
        guard let order = try await rows(#"SELECT * FROM "dispatchOrder" WHERE "id" = \#(id)"#).first?.dispatchOrder() else {
            return nil
        }
        return try await records(of: [order]).first
    }

    /// The transition a feed event announces, with its order.
    public func transition(_ event: FeedEvent) async throws -> (DispatchOrder, OrderTransition)? {
        guard let orderId = event.orderId, let transitionId = event.transitionId,
              let order = try await rows(#"SELECT * FROM "dispatchOrder" WHERE "id" = \#(orderId)"#).first,
              let transition = try await rows(#"SELECT * FROM "orderTransition" WHERE "id" = \#(transitionId)"#).first
        else { return nil }
        return (try order.dispatchOrder(), try transition.orderTransition())
    }

    /// `orders` with their transitions, oldest first.
    private func records(of orders: [DispatchOrder]) async throws -> [OrderRecord] {
        guard !orders.isEmpty else { return [] }
        let transitions = try await rows("""
            SELECT * FROM "orderTransition" WHERE "orderId" = ANY(\(orders.map(\.id))) ORDER BY "id"
            """).map { try $0.orderTransition() }
        let byOrder = Dictionary(grouping: transitions, by: \.orderId)
        return orders.map { OrderRecord(order: $0, transitions: byOrder[$0.id] ?? []) }
    }
}
