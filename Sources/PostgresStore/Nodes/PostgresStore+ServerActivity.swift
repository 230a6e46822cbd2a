import PostgresNIO

/// What the server itself counts, for benchmarks that load it (`sharpeyes bench leases`): PostgreSQL's own tally of
/// this database's transactions.
public struct ServerActivity: Sendable, Equatable {
    /// Transactions committed in this database since the statistics were reset (`pg_stat_database.xact_commit`).
    public var commits: Int64
    /// Transactions rolled back (`xact_rollback`).
    public var rollbacks: Int64

    public init(commits: Int64, rollbacks: Int64) {
        self.commits = commits
        self.rollbacks = rollbacks
    }
}

extension PostgresStore {
    /// This database's transaction counters. The statistics collector publishes them about once a second (and at
    /// the end of each transaction of the reading session), so read them over periods of several seconds.
    public func serverActivity() async throws -> ServerActivity {
        let row = try await rows("""
            SELECT "xact_commit", "xact_rollback" FROM pg_stat_database WHERE "datname" = current_database()
            """)[0]
        return ServerActivity(commits: try row.value("xact_commit"), rollbacks: try row.value("xact_rollback"))
    }
}
