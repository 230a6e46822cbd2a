package import Foundation
package import GRDB

/// A message claimed for sending: the lease is held while `token` is the row's `claimToken`.
package struct OutboxClaim: Sendable {
    package let message: OutboxMessage
    /// The force the message is for: its messages go one at a time, in order.
    package let receiver: String
    package let token: String

    package init(message: OutboxMessage, receiver: String, token: String) {
        self.message = message
        self.receiver = receiver
        self.token = token
    }
}

/// What is due now, by receiver (leaving out receivers with a message in flight), oldest first; and how many
/// messages are pending at all.
package struct OutboxPoll: Sendable {
    package var due: [(receiver: String, ids: [Int64])]
    package var pending: Int

    /// The due messages, `(receiver, id)` oldest first, grouped by receiver in the order each first appears.
    package init(due rows: [(receiver: String, id: Int64)], pending: Int) {
        due = []
        for (receiver, id) in rows {
            if let i = due.firstIndex(where: { $0.receiver == receiver }) {
                due[i].ids.append(id)
            } else {
                due.append((receiver, [id]))
            }
        }
        self.pending = pending
    }
}

/// The outbox table's queries, in the caller's read or transaction (Dispatching's `Outbox` opens them and keeps
/// the clock). A message is claimed just before it is sent: its lease (`nextAttemptAt`) is pushed ahead and a
/// fresh `claimToken` written. Every outcome is recorded only where the token still matches, so a deliverer whose
/// lease was taken over changes nothing. A receiver (a force) has at most one message in flight, and its due
/// messages go in the order they were written.
package enum OutboxQueue {
    package static func poll(at now: Date, _ db: Database) throws -> OutboxPoll {
        let rows = try Row.fetchAll(db, sql: """
            \(openMessages) SELECT id, receiver FROM open WHERE nextAttemptAt <= :now
            AND receiver NOT IN (SELECT receiver FROM open WHERE claimToken IS NOT NULL AND nextAttemptAt > :now)
            ORDER BY id
            """, arguments: ["now": now])
        return OutboxPoll(due: rows.map { (receiver: $0["receiver"], id: $0["id"]) }, pending: try pending(db))
    }

    /// Messages neither delivered nor failed for good.
    package static func pending(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE \(open)") ?? 0
    }

    /// Messages that can never be sent (see `lastError`).
    package static func failed(_ db: Database) throws -> Int {
        try OutboxMessage.filter(Column("failedAt") != nil).fetchCount(db)
    }

    /// Takes the lease on message `id` until `now + lease`; nil when it is not due, or its receiver has another
    /// message in flight or an older one due.
    package static func claim(_ id: Int64, lease: TimeInterval, at now: Date, _ db: Database) throws -> OutboxClaim? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT outbox.*, dispatchOrder.forceId AS receiver
            FROM outbox JOIN dispatchOrder ON dispatchOrder.id = outbox.orderId
            WHERE outbox.id = ? AND \(open) AND outbox.nextAttemptAt <= ?
            """, arguments: [id, now]) else { return nil }
        let receiver: String = row["receiver"]
        let ahead = try Int.fetchOne(db, sql: """
            \(openMessages) SELECT COUNT(*) FROM open WHERE receiver = :receiver AND id != :id
            AND ((claimToken IS NOT NULL AND nextAttemptAt > :now) OR (id < :id AND nextAttemptAt <= :now))
            """, arguments: ["receiver": receiver, "id": id, "now": now]) ?? 0
        guard ahead == 0 else { return nil }
        var message = try OutboxMessage(row: row)
        message.nextAttemptAt = now.addingTimeInterval(lease)
        let token = try RandomID.uuid()
        try db.execute(sql: "UPDATE outbox SET claimToken = ?, nextAttemptAt = ? WHERE id = ?",
                       arguments: [token, message.nextAttemptAt, id])
        return OutboxClaim(message: message, receiver: receiver, token: token)
    }

    /// The receiver answered 2xx: the message is done and a pending order becomes `notified` (the transition's
    /// note: `note`). False when the lease was lost.
    package static func delivered(_ claim: OutboxClaim, at now: Date, note: String?, _ db: Database) throws -> Bool {
        guard try release(claim, "deliveredAt = ?, attempts = attempts + 1, lastError = NULL", [now], db) else {
            return false
        }
        guard var order = try DispatchOrder.fetchOne(db, key: claim.message.orderId), order.state == .pending else {
            return true
        }
        var transition = OrderTransition(orderId: order.id, fromState: .pending, toState: .notified, at: now,
                                         actor: "delivery", note: note)
        try transition.insert(db)
        order.state = .notified
        order.updatedAt = now
        try order.update(db)
        return true
    }

    /// The send failed: due again at `dueAt`. False when the lease was lost.
    package static func retry(_ claim: OutboxClaim, dueAt: Date, reason: String, _ db: Database) throws -> Bool {
        try release(claim, "attempts = attempts + 1, lastError = ?, nextAttemptAt = ?", [reason, dueAt], db)
    }

    /// The message can never be sent: it leaves delivery for good, `lastError` saying why. False when the lease was lost.
    package static func fail(_ claim: OutboxClaim, at now: Date, reason: String, _ db: Database) throws -> Bool {
        try release(claim, "failedAt = ?, lastError = ?", [now, reason], db)
    }

    /// Applies `assignments` and gives up the lease, if `claim` still holds it.
    private static func release(_ claim: OutboxClaim, _ assignments: String, _ values: StatementArguments,
                                _ db: Database) throws -> Bool {
        try db.execute(sql: "UPDATE outbox SET \(assignments), claimToken = NULL WHERE id = ? AND claimToken = ?",
                       arguments: values + [claim.message.id, claim.token])
        return db.changesCount > 0
    }

    /// Neither delivered nor failed for good.
    private static let open = "outbox.deliveredAt IS NULL AND outbox.failedAt IS NULL"

    /// `open`: the open messages with their receiver. A message whose `claimToken` is set and whose lease
    /// (`nextAttemptAt`) has not ended is in flight.
    private static let openMessages = """
        WITH open AS (SELECT outbox.id, outbox.nextAttemptAt, outbox.claimToken, dispatchOrder.forceId AS receiver
                      FROM outbox JOIN dispatchOrder ON dispatchOrder.id = outbox.orderId WHERE \(open))
        """
}
