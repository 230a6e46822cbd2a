public import Dispatching
import Foundation
public import Incidents
import Logging
import PostgresNIO

/// Order actions and escalation on PostgreSQL, where several nodes act at once: each takes the dispatch lock of the
/// order's incident (see `PostgresDispatchWrites.lockIncidents`) and its rows `FOR UPDATE`, then makes the
/// dispatcher's own decision (`DispatchDecisions`), so two escalators escalate once and an acknowledgement racing an
/// escalation sees the escalation's result, or the escalation the acknowledgement's.
extension PostgresStore {
    /// Applies a unit's action to an order in one transaction (see `Dispatcher.apply`) and returns the order after
    /// it. Throws `DispatchError` when there is no such order or it cannot make the change.
    public func apply(_ action: OrderAction, to orderId: String, by actor: String, note: String?,
                      with dispatcher: Dispatcher) async throws -> OrderRecord? {
        let logger = logger
        let outcome: Result<Void, DispatchError> = try await transaction { connection in
            guard let incidentId = try await connection.rows(
                #"SELECT "incidentId" FROM "dispatchOrder" WHERE "id" = \#(orderId)"#, logger: logger
            ).first?.value("incidentId", as: Int64.self) else { return .failure(.orderNotFound(orderId)) }
            try await PostgresDispatchWrites.lockIncidents([incidentId], connection, logger)
            // Retention may have deleted the incident while this waited for its lock.
            guard let order = try await connection.rows(#"SELECT * FROM "dispatchOrder" WHERE "id" = \#(orderId) FOR UPDATE"#,
                                                        logger: logger).first?.dispatchOrder() else {
                return .failure(.orderNotFound(orderId))
            }
            let move = Dispatcher.move(for: action)
            let change: OrderChange
            do throws(DispatchError) { change = try dispatcher.change(order, to: move.to, allowedFrom: move.allowedFrom, by: actor, note: note) } catch {
                return .failure(error)
            }
            try await PostgresDispatchWrites.record(change, connection, logger)
            try await Self.follow(action, of: change.order, by: actor, with: dispatcher, connection, logger)
            return .success(())
        }
        try outcome.get()
        return try await orderRecord(id: orderId)
    }

    /// What an action does beyond its order: an acknowledgement that counts acknowledges the incident; resolving
    /// expires the incident's other waiting orders and resolves it.
    private static func follow(_ action: OrderAction, of order: DispatchOrder, by actor: String, with dispatcher: Dispatcher,
                               _ connection: PostgresConnection, _ logger: Logger) async throws {
        switch action {
        case .arrive: return
        case .acknowledge:
            guard dispatcher.acknowledgementCounts(order) else { return }
            try await connection.rows("""
                UPDATE "incident" SET "status" = \(Incident.Status.acknowledged.rawValue)
                WHERE "id" = \(order.incidentId) AND "status" = \(Incident.Status.open.rawValue)
                """, logger: logger)
        case .resolve:
            let others = try await connection.rows("""
                SELECT * FROM "dispatchOrder" WHERE "incidentId" = \(order.incidentId) AND "id" <> \(order.id) FOR UPDATE
                """, logger: logger).map { try $0.dispatchOrder() }
            for expiry in dispatcher.expirations(resolving: order, siblings: others, by: actor) {
                try await PostgresDispatchWrites.record(expiry, connection, logger)
            }
            try await connection.rows("""
                UPDATE "incident" SET "status" = \(Incident.Status.resolved.rawValue) WHERE "id" = \(order.incidentId)
                """, logger: logger)
        }
    }

    /// Whether some order is past its deadline unacknowledged (only reads).
    public func hasOverdue(with dispatcher: Dispatcher) async throws -> Bool {
        let now = dispatcher.clock.now()
        return try await rows("""
            SELECT EXISTS (SELECT 1 FROM "dispatchOrder" WHERE "state" = ANY(\(Self.awaiting)) AND "deadline" <= \(now)) AS "due"
            """)[0].value("due", as: Bool.self)
    }

    /// Escalates every overdue order in one transaction (see `Dispatcher.escalateOverdue`); returns the orders
    /// created. An order another node escalated meanwhile is no longer overdue when its lock is granted: it is left.
    public func escalateOverdue(with dispatcher: Dispatcher) async throws -> [DispatchOrder] {
        let logger = logger
        return try await transaction { connection in
            let now = dispatcher.clock.now()
            let incidents = try await connection.rows("""
                SELECT DISTINCT "incidentId" FROM "dispatchOrder" WHERE "state" = ANY(\(Self.awaiting)) AND "deadline" <= \(now)
                """, logger: logger).map { try $0.value("incidentId", as: Int64.self) }
            guard !incidents.isEmpty else { return [] }
            try await PostgresDispatchWrites.lockIncidents(incidents, connection, logger)
            let overdue = try await connection.rows("""
                SELECT * FROM "dispatchOrder" WHERE "state" = ANY(\(Self.awaiting)) AND "deadline" <= \(now)
                    AND "incidentId" = ANY(\(incidents))
                ORDER BY "state" COLLATE "C", "deadline", \(unescaped: Self.plannedOrder) FOR UPDATE
                """, logger: logger).map { try $0.dispatchOrder() }
            var created: [DispatchOrder] = []
            for order in overdue { created += try await escalate(order, at: now, with: dispatcher, connection, logger) }
            return created
        }
    }

    /// One overdue order escalated (or expired), and the next tier planned when the dispatcher says so.
    private func escalate(_ order: DispatchOrder, at now: Date, with dispatcher: Dispatcher, _ connection: PostgresConnection,
                          _ logger: Logger) async throws -> [DispatchOrder] {
        let siblings = try await connection.rows(#"SELECT * FROM "dispatchOrder" WHERE "incidentId" = \#(order.incidentId)"#,
                                                 logger: logger).map { try $0.dispatchOrder() }
        let escalation = dispatcher.escalation(of: order, siblings: siblings, at: now)
        try await PostgresDispatchWrites.record(escalation.change, connection, logger)
        guard let excluding = escalation.nextTierExcluding,
              let incident = try await connection.rows(#"SELECT * FROM "incident" WHERE "id" = \#(order.incidentId)"#,
                                                       logger: logger).first?.incident(),
              incident.status == .open else { return [] }
        return try await PostgresDispatchWrites.plan(incident, tier: order.tier + 1, excluding: excluding, with: dispatcher,
                                                     connection, logger)
    }

    /// The order orders were planned in (their first transition's id): with state and deadline, the order SQLite's
    /// escalation meets them in (its `(state, deadline)` index, then rowid), so both stores write, and the live feed
    /// announces, the same transitions in the same order.
    private static let plannedOrder = """
        (SELECT min("orderTransition"."id") FROM "orderTransition" WHERE "orderTransition"."orderId" = "dispatchOrder"."id")
        """

    /// The states of an order still waiting for its unit.
    private static let awaiting = [DispatchOrder.State.pending.rawValue, DispatchOrder.State.notified.rawValue]
}
