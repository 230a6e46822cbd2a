import Logging
import PostgresNIO
import Synchronization

extension PostgresStore {
    /// Every row of `query`, read to the end (which returns the connection to the pool).
    func rows(_ query: PostgresQuery) async throws -> [PostgresRandomAccessRow] {
        try await leased { connection in try await connection.rows(query, logger: logger) }
    }

    /// Runs `query` for its effect.
    func execute(_ query: PostgresQuery) async throws {
        _ = try await rows(query)
    }

    /// `body` on one connection inside one transaction: it commits whole or not at all.
    func transaction<Value: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> Value) async throws -> Value {
        try await leased { connection in
            try await connection.withTransaction(logger: logger) { connection in try await body(connection) }
        }
    }

    /// `body` on a pooled connection, given up with an `.unreachable` error when no connection comes within
    /// `configuration.connectionTimeout` (the pool would wait for a server that is down until its circuit breaker
    /// trips, about a minute). Only the wait for a connection is bounded: once `body` runs, it runs to its end, so a
    /// timeout never leaves a write whose commit may or may not have happened.
    func leased<Value: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> Value) async throws -> Value {
        let leased = Leased()
        let timeout = configuration.connectionTimeout
        return try await mapErrors {
            try await withThrowingTaskGroup(of: Value?.self) { group in
                group.addTask {
                    try await client.withConnection { connection in
                        leased.begin()
                        return try await body(connection)
                    }
                }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    while leased.began { try await Task.sleep(for: .seconds(3600)) }
                    return nil
                }
                defer { group.cancelAll() }
                guard let value = try await group.next() ?? nil else {
                    throw PostgresStoreError(.unreachable, "cannot reach postgres \(configuration.server): no connection within \(timeout)")
                }
                return value
            }
        }
    }

    /// PostgresNIO's errors as `PostgresStoreError`s, naming the server.
    func mapErrors<Value>(_ body: () async throws -> Value) async throws -> Value {
        do { return try await body() } catch { throw PostgresStoreError.from(error, server: configuration.server) }
    }
}

/// Whether a pooled connection was handed over (after which the wait for it can no longer time out).
private final class Leased: Sendable {
    private let state = Mutex(false)
    func begin() { state.withLock { $0 = true } }
    var began: Bool { state.withLock { $0 } }
}

extension PostgresConnection {
    /// Every row of `query`, in a transaction or not.
    @discardableResult
    func rows(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRandomAccessRow] {
        try await self.query(query, logger: logger).randomAccessRows()
    }
}

extension PostgresRowSequence {
    func randomAccessRows() async throws -> [PostgresRandomAccessRow] {
        var rows: [PostgresRandomAccessRow] = []
        for try await row in self { rows.append(row.makeRandomAccess()) }
        return rows
    }
}
