import Incidents
import Logging
import PostgresStore
import TestSupport

/// A logger that drops everything (PostgresNIO logs each connection at debug).
let quietLogger = Logger(label: "postgres-tests") { _ in SwiftLogNoOpLogHandler() }

extension PostgresTestDatabase {
    /// How the store reaches this database, over TCP with the password.
    var configuration: PostgresStore.Configuration {
        PostgresStore.Configuration(host: host, port: port, user: user, password: password, database: name)
    }
}

/// Runs `body` with a migrated store on a new database of the process's test cluster, dropped afterwards.
func withPostgresStore<Result: Sendable>(_ body: @Sendable (PostgresStore, PostgresTestDatabase) async throws -> Result)
    async throws -> Result {
    try await PostgresCluster.shared().withDatabase { database in
        try await PostgresStore.withStore(database.configuration, logger: quietLogger) { store in
            try await body(store, database)
        }
    }
}
