import Logging
import PostgresNIO

extension PostgresStore {
    /// Every row of `query`, read to the end (which returns the connection to the pool).
    func rows(_ query: PostgresQuery) async throws -> [PostgresRandomAccessRow] {
        try await mapErrors { try await client.query(query, logger: logger).randomAccessRows() }
    }

    /// Runs `query` for its effect.
    func execute(_ query: PostgresQuery) async throws {
        _ = try await rows(query)
    }

    /// `body` on one connection inside one transaction: it commits whole or not at all.
    func transaction<Value: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> Value) async throws -> Value {
        try await mapErrors { try await client.withTransaction(logger: logger) { connection in try await body(connection) } }
    }

    /// PostgresNIO's errors as `PostgresStoreError`s, naming the server.
    func mapErrors<Value>(_ body: () async throws -> Value) async throws -> Value {
        do { return try await body() } catch { throw PostgresStoreError.from(error, server: configuration.server) }
    }
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
