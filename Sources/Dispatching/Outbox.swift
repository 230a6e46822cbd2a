import Incidents
package import Foundation
package import GRDB
import InputSafety

/// The outbox as deliverers share it, in any number of processes.
///
/// A message is claimed just before it is sent: its lease (`nextAttemptAt`) is pushed ahead and a fresh
/// `claimToken` written. Every outcome is recorded only where the token still matches, so a deliverer whose lease
/// was taken over changes nothing. A receiver (a force) has at most one message in flight, and its due messages
/// go in the order they were written. Looking for due messages only reads.
package struct Outbox: Sendable {
    package struct Claim: Sendable {
        package let message: OutboxMessage
        /// The force the message is for: its messages go one at a time, in order.
        package let receiver: String
        package let token: String
    }

    /// What is due now, by receiver (leaving out receivers with a message in flight), oldest first; and how many
    /// messages are pending at all.
    package struct Poll: Sendable {
        package var due: [(receiver: String, ids: [Int64])]
        package var pending: Int
    }

    private let writer: any DatabaseWriter
    private let clock: any DispatchClock

    package init(writer: any DatabaseWriter, clock: any DispatchClock) {
        self.writer = writer
        self.clock = clock
    }

    package func poll() throws -> Poll { try writer.read { db in try poll(db) } }

    /// Messages neither delivered nor failed for good.
    package func pending() throws -> Int { try writer.read { db in try pending(db) } }

    /// Messages that can never be sent (see `lastError`).
    package func failed() throws -> Int { try writer.read { db in try failed(db) } }

    /// Takes the lease on message `id` for `lease` seconds; nil when it is not due, or its receiver has another
    /// message in flight or an older one due.
    package func claim(_ id: Int64, lease: TimeInterval) throws -> Claim? {
        try writer.write { db in try claim(id, lease: lease, db) }
    }

    /// The receiver answered 2xx: the message is done and its order `notified`. False when the lease was lost.
    package func delivered(_ claim: Claim) throws -> Bool { try writer.write { db in try delivered(claim, db) } }

    /// The send failed: due again after `delay` seconds. False when the lease was lost.
    package func retry(_ claim: Claim, after delay: TimeInterval, reason: String) throws -> Bool {
        try writer.write { db in try retry(claim, after: delay, reason: reason, db) }
    }

    /// The message can never be sent: it leaves delivery for good, `lastError` saying why. False when the lease was lost.
    package func fail(_ claim: Claim, reason: String) throws -> Bool {
        try writer.write { db in try fail(claim, reason: reason, db) }
    }

    private func poll(_ db: Database) throws -> Poll {
        let rows = try Row.fetchAll(db, sql: """
            \(Self.openMessages) SELECT id, receiver FROM open WHERE nextAttemptAt <= :now
            AND receiver NOT IN (SELECT receiver FROM open WHERE claimToken IS NOT NULL AND nextAttemptAt > :now)
            ORDER BY id
            """, arguments: ["now": clock.now()])
        var due: [(receiver: String, ids: [Int64])] = []
        for row in rows {
            let receiver: String = row["receiver"], id: Int64 = row["id"]
            if let i = due.firstIndex(where: { $0.receiver == receiver }) {
                due[i].ids.append(id)
            } else {
                due.append((receiver, [id]))
            }
        }
        return Poll(due: due, pending: try pending(db))
    }

    private func failed(_ db: Database) throws -> Int {
        try OutboxMessage.filter(Column("failedAt") != nil).fetchCount(db)
    }

    private func claim(_ id: Int64, lease: TimeInterval, _ db: Database) throws -> Claim? {
        let now = clock.now()
        guard let row = try Row.fetchOne(db, sql: """
            SELECT outbox.*, dispatchOrder.forceId AS receiver
            FROM outbox JOIN dispatchOrder ON dispatchOrder.id = outbox.orderId
            WHERE outbox.id = ? AND \(Self.open) AND outbox.nextAttemptAt <= ?
            """, arguments: [id, now]) else { return nil }
        let receiver: String = row["receiver"]
        let ahead = try Int.fetchOne(db, sql: """
            \(Self.openMessages) SELECT COUNT(*) FROM open WHERE receiver = :receiver AND id != :id
            AND ((claimToken IS NOT NULL AND nextAttemptAt > :now) OR (id < :id AND nextAttemptAt <= :now))
            """, arguments: ["receiver": receiver, "id": id, "now": now]) ?? 0
        guard ahead == 0 else { return nil }
        var message = try OutboxMessage(row: row)
        message.nextAttemptAt = now.addingTimeInterval(lease)
        let token = try RandomID.uuid()
        try db.execute(sql: "UPDATE outbox SET claimToken = ?, nextAttemptAt = ? WHERE id = ?",
                       arguments: [token, message.nextAttemptAt, id])
        return Claim(message: message, receiver: receiver, token: token)
    }

    private func delivered(_ claim: Claim, _ db: Database) throws -> Bool {
        let now = clock.now()
        guard try release(claim, "deliveredAt = ?, attempts = attempts + 1, lastError = NULL", [now], db) else {
            return false
        }
        guard var order = try DispatchOrder.fetchOne(db, key: claim.message.orderId), order.state == .pending else {
            return true
        }
        var transition = OrderTransition(orderId: order.id, fromState: .pending, toState: .notified, at: now,
                                         actor: "delivery", note: URLCredentials.masked(claim.message.url))
        try transition.insert(db)
        order.state = .notified
        order.updatedAt = now
        try order.update(db)
        return true
    }

    private func retry(_ claim: Claim, after delay: TimeInterval, reason: String, _ db: Database) throws -> Bool {
        try release(claim, "attempts = attempts + 1, lastError = ?, nextAttemptAt = ?",
                    [reason, clock.now().addingTimeInterval(delay)], db)
    }

    private func fail(_ claim: Claim, reason: String, _ db: Database) throws -> Bool {
        try release(claim, "failedAt = ?, lastError = ?", [clock.now(), reason], db)
    }

    /// Applies `assignments` and gives up the lease, if `claim` still holds it.
    private func release(_ claim: Claim, _ assignments: String, _ values: StatementArguments, _ db: Database) throws -> Bool {
        try db.execute(sql: "UPDATE outbox SET \(assignments), claimToken = NULL WHERE id = ? AND claimToken = ?",
                       arguments: values + [claim.message.id, claim.token])
        return db.changesCount > 0
    }

    private func pending(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE \(Self.open)") ?? 0
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

extension Outbox {
    /// The same operations for async code: each one of GRDB's async reads or writes, on GRDB's own queues (no
    /// thread of its own, nothing blocking the cooperative pool).
    package var async: Async { Async(outbox: self) }

    package struct Async: Sendable {
        let outbox: Outbox

        package func poll() async throws -> Poll { try await outbox.writer.read { db in try outbox.poll(db) } }

        package func pending() async throws -> Int { try await outbox.writer.read { db in try outbox.pending(db) } }

        package func failed() async throws -> Int { try await outbox.writer.read { db in try outbox.failed(db) } }

        package func claim(_ id: Int64, lease: TimeInterval) async throws -> Claim? {
            try await outbox.writer.write { db in try outbox.claim(id, lease: lease, db) }
        }

        package func delivered(_ claim: Claim) async throws -> Bool {
            try await outbox.writer.write { db in try outbox.delivered(claim, db) }
        }

        package func retry(_ claim: Claim, after delay: TimeInterval, reason: String) async throws -> Bool {
            try await outbox.writer.write { db in try outbox.retry(claim, after: delay, reason: reason, db) }
        }

        package func fail(_ claim: Claim, reason: String) async throws -> Bool {
            try await outbox.writer.write { db in try outbox.fail(claim, reason: reason, db) }
        }
    }
}
