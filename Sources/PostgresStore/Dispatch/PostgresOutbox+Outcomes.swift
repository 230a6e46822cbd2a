import Dispatching
package import Foundation
package import Incidents
import Logging
import PostgresNIO

extension PostgresOutbox {
    /// The receiver answered 2xx: the message is done and a pending order becomes `notified` (its row taken
    /// `FOR UPDATE`, so an acknowledgement or escalation meanwhile is seen, not overwritten). False when the lease was lost.
    package func delivered(_ claim: OutboxClaim) async throws -> Bool {
        let (now, logger, note) = (clock.now(), store.logger, Outbox.note(claim))
        return try await store.transaction { connection in
            guard try await Self.release(claim, #""deliveredAt" = \#(now), "attempts" = "attempts" + 1, "lastError" = NULL"#,
                                         connection, logger) else { return false }
            guard let order = try await connection.rows("""
                SELECT * FROM "dispatchOrder" WHERE "id" = \(claim.message.orderId) FOR UPDATE
                """, logger: logger).first?.dispatchOrder(), order.state == .pending else { return true }
            var notified = order
            notified.state = .notified
            notified.updatedAt = now
            let transition = OrderTransition(orderId: order.id, fromState: .pending, toState: .notified, at: now,
                                             actor: "delivery", note: note)
            try await PostgresDispatchWrites.record(OrderChange(order: notified, transition: transition), connection, logger)
            return true
        }
    }

    /// The send failed: due again after `delay` seconds. False when the lease was lost.
    package func retry(_ claim: OutboxClaim, after delay: TimeInterval, reason: String) async throws -> Bool {
        let (due, logger) = (clock.now().addingTimeInterval(delay), store.logger)
        return try await store.leased { connection in
            try await Self.release(claim, #""attempts" = "attempts" + 1, "lastError" = \#(reason), "nextAttemptAt" = \#(due)"#,
                                   connection, logger)
        }
    }

    /// The message can never be sent: it leaves delivery for good, `lastError` saying why. False when the lease was lost.
    package func fail(_ claim: OutboxClaim, reason: String) async throws -> Bool {
        let (now, logger) = (clock.now(), store.logger)
        return try await store.leased { connection in
            try await Self.release(claim, #""failedAt" = \#(now), "lastError" = \#(reason)"#, connection, logger)
        }
    }

    /// Applies `assignments` and gives up the lease, if `claim` still holds it.
    private static func release(_ claim: OutboxClaim, _ assignments: PostgresQuery, _ connection: PostgresConnection,
                                _ logger: Logger) async throws -> Bool {
        var query = assignments
        query.sql += #", "claimToken" = NULL WHERE "id" = $\#(query.binds.count + 1) AND "claimToken" = $\#(query.binds.count + 2) RETURNING 1"#
        query.binds.append(claim.message.id)
        query.binds.append(claim.token)
        query.sql = #"UPDATE "outbox" SET "# + query.sql
        return try await !connection.rows(query, logger: logger).isEmpty
    }

    /// Neither delivered nor failed for good.
    static let open = #""outbox"."deliveredAt" IS NULL AND "outbox"."failedAt" IS NULL"#

    /// `open`: the open messages with their receiver. A message whose `claimToken` is set and whose lease
    /// (`nextAttemptAt`) has not ended is in flight.
    static let openMessages = """
        WITH open AS (SELECT "outbox"."id", "outbox"."nextAttemptAt", "outbox"."claimToken", "dispatchOrder"."forceId" AS "receiver"
                      FROM "outbox" JOIN "dispatchOrder" ON "dispatchOrder"."id" = "outbox"."orderId" WHERE \(open))
        """
}
