public import Dispatching
package import Foundation
package import Incidents
import Logging
import PostgresNIO

/// The outbox on PostgreSQL, shared by every node that runs delivery: `OutboxQueue`'s poll, claim and outcomes
/// (leases, claim tokens, one message in flight per receiver, in order), on the deliverer's clock. A claim takes
/// its row `FOR UPDATE SKIP LOCKED`: two nodes claiming one message at once get it once, the other nothing, and
/// neither waits on the other.
///
/// ```swift
/// let outbox = store.outbox(clock: SystemClock())
/// for (_, ids) in try await outbox.poll().due { if let claim = try await outbox.claim(ids[0], lease: 15) { … } }
/// ```
public struct PostgresOutbox: Sendable {
    let store: PostgresStore
    let clock: any DispatchClock

    package func poll() async throws -> OutboxPoll {
        let now = clock.now()
        let rows = try await store.rows("""
            \(unescaped: Self.openMessages) SELECT "id", "receiver" FROM open WHERE "nextAttemptAt" <= \(now)
            AND "receiver" NOT IN (SELECT "receiver" FROM open WHERE "claimToken" IS NOT NULL AND "nextAttemptAt" > \(now))
            ORDER BY "id"
            """)
        let due = try rows.map { (receiver: try $0.value("receiver", as: String.self), id: try $0.value("id", as: Int64.self)) }
        return OutboxPoll(due: due, pending: try await pending())
    }

    /// Messages neither delivered nor failed for good.
    public func pending() async throws -> Int {
        try await store.rows(#"SELECT count(*) AS "count" FROM "outbox" WHERE \#(unescaped: Self.open)"#)[0].value("count")
    }

    /// Messages that can never be sent (see `lastError`).
    public func failed() async throws -> Int {
        try await store.rows(#"SELECT count(*) AS "count" FROM "outbox" WHERE "failedAt" IS NOT NULL"#)[0].value("count")
    }

    /// Takes the lease on message `id` for `lease` seconds; nil when it is not due, another node is claiming it, or
    /// its receiver has another message in flight or an older one due.
    package func claim(_ id: Int64, lease: TimeInterval) async throws -> OutboxClaim? {
        let (now, logger) = (clock.now(), store.logger)
        return try await store.transaction { connection in
            guard let row = try await connection.rows("""
                SELECT "outbox".*, "dispatchOrder"."forceId" AS "receiver"
                FROM "outbox" JOIN "dispatchOrder" ON "dispatchOrder"."id" = "outbox"."orderId"
                WHERE "outbox"."id" = \(id) AND \(unescaped: Self.open) AND "outbox"."nextAttemptAt" <= \(now)
                FOR UPDATE OF "outbox" SKIP LOCKED
                """, logger: logger).first else { return nil }
            let receiver = try row.value("receiver", as: String.self)
            let ahead = try await connection.rows("""
                \(unescaped: Self.openMessages) SELECT count(*) AS "count" FROM open WHERE "receiver" = \(receiver) AND "id" <> \(id)
                AND (("claimToken" IS NOT NULL AND "nextAttemptAt" > \(now)) OR ("id" < \(id) AND "nextAttemptAt" <= \(now)))
                """, logger: logger)[0].value("count", as: Int.self)
            guard ahead == 0 else { return nil }
            var message = try row.outboxMessage()
            message.nextAttemptAt = now.addingTimeInterval(lease)
            let token = try RandomID.uuid()
            try await connection.rows("""
                UPDATE "outbox" SET "claimToken" = \(token), "nextAttemptAt" = \(message.nextAttemptAt) WHERE "id" = \(id)
                """, logger: logger)
            return OutboxClaim(message: message, receiver: receiver, token: token)
        }
    }
}

extension PostgresStore {
    /// The outbox as this node's deliverers share it with every other node's; `clock` says when messages are due.
    public func outbox(clock: any DispatchClock = SystemClock()) -> PostgresOutbox { PostgresOutbox(store: self, clock: clock) }
}
