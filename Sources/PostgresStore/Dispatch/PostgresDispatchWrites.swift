import Dispatching
import Foundation
import Incidents
import Logging
import PostgresNIO

/// The rows the dispatcher's decisions (Dispatching's `DispatchDecisions`) write, on one connection inside the
/// caller's transaction: the PostgreSQL twin of the SQLite store's GRDB inserts and updates.
enum PostgresDispatchWrites {
    /// Plans tier `tier` for `incident` and inserts its orders, transitions and messages; returns the orders.
    @discardableResult
    static func plan(_ incident: Incident, tier: Int, excluding: Set<String>, with dispatcher: Dispatcher,
                     _ connection: PostgresConnection, _ logger: Logger) async throws -> [DispatchOrder] {
        guard dispatcher.hasTier(tier, for: incident) else { return [] }
        let camera = try await connection.rows(#"SELECT * FROM "camera" WHERE "id" = \#(incident.cameraId)"#, logger: logger)
            .first?.camera()
        let sighting = try await connection.rows(#"SELECT * FROM "sighting" WHERE "id" = \#(incident.sightingId)"#, logger: logger)
            .first?.sighting()
        var orders: [DispatchOrder] = []
        for planned in try dispatcher.plannedOrders(for: incident, tier: tier, excluding: excluding, camera: camera, sighting: sighting) {
            try await insert(planned.order, connection, logger)
            try await insert(planned.transition, connection, logger)
            if let message = planned.message { try await insert(message, connection, logger) }
            orders.append(planned.order)
        }
        return orders
    }

    /// Records a change: its transition, and the order's new state.
    static func record(_ change: OrderChange, _ connection: PostgresConnection, _ logger: Logger) async throws {
        try await insert(change.transition, connection, logger)
        try await connection.rows("""
            UPDATE "dispatchOrder" SET "state" = \(change.order.state.rawValue), "updatedAt" = \(change.order.updatedAt)
            WHERE "id" = \(change.order.id)
            """, logger: logger)
    }

    static func insert(_ order: DispatchOrder, _ connection: PostgresConnection, _ logger: Logger) async throws {
        try await connection.rows("""
            INSERT INTO "dispatchOrder" ("id", "incidentId", "forceId", "forceType", "rule", "tier", "state",
                "distanceMeters", "deadline", "createdAt", "updatedAt")
            VALUES (\(order.id), \(order.incidentId), \(order.forceId), \(order.forceType.rawValue), \(order.rule),
                \(order.tier), \(order.state.rawValue), \(order.distanceMeters), \(order.deadline), \(order.createdAt),
                \(order.updatedAt))
            """, logger: logger)
    }

    static func insert(_ transition: OrderTransition, _ connection: PostgresConnection, _ logger: Logger) async throws {
        try await connection.rows("""
            INSERT INTO "orderTransition" ("orderId", "fromState", "toState", "at", "actor", "note")
            VALUES (\(transition.orderId), \(transition.fromState?.rawValue), \(transition.toState.rawValue),
                \(transition.at), \(transition.actor), \(transition.note))
            """, logger: logger)
    }

    static func insert(_ message: OutboxMessage, _ connection: PostgresConnection, _ logger: Logger) async throws {
        try await connection.rows("""
            INSERT INTO "outbox" ("orderId", "url", "body", "signature", "attempts", "nextAttemptAt", "createdAt")
            VALUES (\(message.orderId), \(message.url), \(message.body), \(message.signature), \(message.attempts),
                \(message.nextAttemptAt), \(message.createdAt))
            """, logger: logger)
    }

    /// The first key of the per-incident dispatch locks (the second is the incident id): order actions and
    /// escalation of one incident take turns, so an acknowledgement and an escalation never decide on the same
    /// stale siblings. Taken in ascending incident order, they cannot deadlock.
    static let incidentLockClass: Int32 = 23

    static func lockIncidents(_ ids: [Int64], _ connection: PostgresConnection, _ logger: Logger) async throws {
        for key in Set(ids.map { Int32(truncatingIfNeeded: $0) }).sorted() {
            try await connection.rows("SELECT pg_advisory_xact_lock(\(incidentLockClass), \(key))", logger: logger)
        }
    }
}
