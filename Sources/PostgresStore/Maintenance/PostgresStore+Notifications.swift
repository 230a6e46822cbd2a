import PostgresNIO

extension PostgresStore {
    /// What the v6 and v7 triggers announce with NOTIFY, delivered when the change commits.
    public enum Channel: String, Sendable {
        /// A face watchlist entry, an enrolment photo or a hotlist entry changed (`watchlistVersion` moved).
        case watchlist = "sharpeyes_watchlist"
        /// An incident or an order transition was committed to the live feed.
        case feed = "sharpeyes_feed"
    }

    /// Calls `body` for each change announced on `channel` until the task is cancelled, on a connection of its own
    /// (not one of the pool's: a listener holds its connection for as long as it listens, and the pool's are for
    /// queries); `ready` is called once LISTEN is in place (a change committed after it is heard). It throws, or
    /// returns without being cancelled, when the connection is lost: the caller polls (`watchlistVersion`,
    /// `feedEvents(after:)`) until it listens again, so nothing is missed, only heard later.
    public func notifications(on channel: Channel, ready: @Sendable () -> Void = {},
                              _ body: @Sendable () async throws -> Void) async throws {
        try await mapErrors {
            // The async connect: a cancelled listener (a shutdown) stops waiting for a server that does not answer.
            let connection = try await PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.any(), configuration: try configuration.connection(), id: 0, logger: logger
            )
            do {
                try await connection.listen(on: channel.rawValue) { notifications in
                    ready()
                    for try await _ in notifications { try await body() }
                }
            } catch {
                try? await connection.close().get()
                throw error
            }
            try? await connection.close().get()
        }
    }

    /// What a lasting listener reports.
    public enum ChannelEvent: Sendable, Equatable {
        /// LISTEN is in place, at start and again after a lost connection: changes from before were not heard.
        case listening
        /// A change was announced.
        case changed
        /// The listening connection was lost (why); another is tried after the retry wait.
        case lost(String)
    }

    /// Listens on `channel` until the task is cancelled, on a new connection after each lost one (`retry` apart),
    /// and reports what happens, so the caller knows when it must poll instead (between `lost` and `listening`).
    public func listen(on channel: Channel, retry: Duration = .seconds(1),
                       _ report: @escaping @Sendable (ChannelEvent) -> Void) async {
        while !Task.isCancelled {
            var reason = "the connection closed"
            do {
                try await notifications(on: channel, ready: { report(.listening) }) { report(.changed) }
            } catch {
                reason = "\(error)"
            }
            guard !Task.isCancelled else { return }
            report(.lost(reason))
            try? await Task.sleep(for: retry)
        }
    }
}
