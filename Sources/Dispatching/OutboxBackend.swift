package import Foundation
package import Incidents

/// The outbox as a deliverer uses it, on either store: SQLite's `Outbox.Async` (GRDB's async reads and writes) or
/// PostgreSQL's `PostgresOutbox` (claims `FOR UPDATE SKIP LOCKED`). Every call is async; none blocks a thread.
package protocol OutboxBackend: Sendable {
    func poll() async throws -> OutboxPoll
    func pending() async throws -> Int
    func failed() async throws -> Int
    func claim(_ id: Int64, lease: TimeInterval) async throws -> OutboxClaim?
    func delivered(_ claim: OutboxClaim) async throws -> Bool
    func retry(_ claim: OutboxClaim, after delay: TimeInterval, reason: String) async throws -> Bool
    func fail(_ claim: OutboxClaim, reason: String) async throws -> Bool
}

extension Outbox.Async: OutboxBackend {}
