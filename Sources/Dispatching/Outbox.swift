package import Incidents
package import Foundation
package import GRDB
import InputSafety

/// The outbox as deliverers share it, in any number of processes: `OutboxQueue`'s queries (Incidents owns the
/// table), each in its own read or write, on this deliverer's clock.
///
/// A message is claimed just before it is sent, under a lease; every outcome is recorded only while the claim
/// still holds it, so a deliverer whose lease was taken over changes nothing. Looking for due messages only reads.
package struct Outbox: Sendable {
    package typealias Claim = OutboxClaim
    package typealias Poll = OutboxPoll

    private let writer: any DatabaseWriter
    private let clock: any DispatchClock

    package init(writer: any DatabaseWriter, clock: any DispatchClock) {
        self.writer = writer
        self.clock = clock
    }

    package func poll() throws -> Poll { try writer.read { db in try OutboxQueue.poll(at: clock.now(), db) } }

    /// Messages neither delivered nor failed for good.
    package func pending() throws -> Int { try writer.read(OutboxQueue.pending) }

    /// Messages that can never be sent (see `lastError`).
    package func failed() throws -> Int { try writer.read(OutboxQueue.failed) }

    /// Takes the lease on message `id` for `lease` seconds; nil when it is not due, or its receiver has another
    /// message in flight or an older one due.
    package func claim(_ id: Int64, lease: TimeInterval) throws -> Claim? {
        try writer.write { db in try OutboxQueue.claim(id, lease: lease, at: clock.now(), db) }
    }

    /// The receiver answered 2xx: the message is done and its order `notified`. False when the lease was lost.
    package func delivered(_ claim: Claim) throws -> Bool {
        try writer.write { db in try OutboxQueue.delivered(claim, at: clock.now(), note: Self.note(claim), db) }
    }

    /// The send failed: due again after `delay` seconds. False when the lease was lost.
    package func retry(_ claim: Claim, after delay: TimeInterval, reason: String) throws -> Bool {
        try writer.write { db in
            try OutboxQueue.retry(claim, dueAt: clock.now().addingTimeInterval(delay), reason: reason, db)
        }
    }

    /// The message can never be sent: it leaves delivery for good, `lastError` saying why. False when the lease was lost.
    package func fail(_ claim: Claim, reason: String) throws -> Bool {
        try writer.write { db in try OutboxQueue.fail(claim, at: clock.now(), reason: reason, db) }
    }

    /// The `notified` transition names where the message went, without the URL's credentials.
    package static func note(_ claim: Claim) -> String { URLCredentials.masked(claim.message.url) }
}

extension Outbox {
    /// The same operations for async code: each one of GRDB's async reads or writes, on GRDB's own queues (no
    /// thread of its own, nothing blocking the cooperative pool).
    package var async: Async { Async(writer: writer, clock: clock) }

    package struct Async: Sendable {
        let writer: any DatabaseWriter
        let clock: any DispatchClock

        package func poll() async throws -> Poll {
            try await writer.read { db in try OutboxQueue.poll(at: clock.now(), db) }
        }

        package func pending() async throws -> Int { try await writer.read { db in try OutboxQueue.pending(db) } }

        package func failed() async throws -> Int { try await writer.read { db in try OutboxQueue.failed(db) } }

        package func claim(_ id: Int64, lease: TimeInterval) async throws -> Claim? {
            try await writer.write { db in try OutboxQueue.claim(id, lease: lease, at: clock.now(), db) }
        }

        package func delivered(_ claim: Claim) async throws -> Bool {
            try await writer.write { db in try OutboxQueue.delivered(claim, at: clock.now(), note: Outbox.note(claim), db) }
        }

        package func retry(_ claim: Claim, after delay: TimeInterval, reason: String) async throws -> Bool {
            try await writer.write { db in
                try OutboxQueue.retry(claim, dueAt: clock.now().addingTimeInterval(delay), reason: reason, db)
            }
        }

        package func fail(_ claim: Claim, reason: String) async throws -> Bool {
            try await writer.write { db in try OutboxQueue.fail(claim, at: clock.now(), reason: reason, db) }
        }
    }
}
