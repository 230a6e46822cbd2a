import PostgresNIO

extension PostgresStore {
    /// What the v6 and v7 triggers announce with NOTIFY, delivered when the change commits.
    public enum Channel: String, Sendable {
        /// A face watchlist entry, an enrolment photo or a hotlist entry changed (`watchlistVersion` moved).
        case watchlist = "sharpeyes_watchlist"
        /// An incident or an order transition was committed to the live feed.
        case feed = "sharpeyes_feed"
    }

    /// Calls `body` for each change announced on `channel` until the task is cancelled, holding one connection
    /// while it listens; `ready` is called once LISTEN is in place (a change committed after it is heard). It throws
    /// when the connection is lost: the caller polls (`watchlistVersion`, `feedEvents(after:)`) until it listens
    /// again, so nothing is missed, only heard later.
    public func notifications(on channel: Channel, ready: @Sendable () -> Void = {},
                              _ body: @Sendable () async throws -> Void) async throws {
        try await mapErrors {
            try await client.withConnection { connection in
                try await connection.listen(on: channel.rawValue) { notifications in
                    ready()
                    for try await _ in notifications { try await body() }
                }
            }
        }
    }
}
