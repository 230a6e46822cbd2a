import ArgumentParser
import Foundation
import Logging
import PostgresStore
import Service
import Toolkit

/// The store a command works on: `--db`'s SQLite file, or the `storage:` of `--storage CONFIG` (its SQLite file, or the
/// PostgreSQL server the nodes share, with the password the config names).
enum CommandStore {
    case sqlite(String)
    case postgres(PostgresStore.Configuration)
}

/// `--db`, or `--storage CONFIG` for the commands that work on a shared store too (tokens, audit, the plate hotlist,
/// shared cameras).
struct StorageOptions: ParsableArguments {
    @Option(help: "SQLite database file (created if missing).")
    var db = "sharpeyes.sqlite"

    @Option(help: "A serve configuration whose storage: to use instead of --db (SQLite or postgres://).")
    var storage: String?
}

extension StorageOptions {
    func resolved() async throws -> CommandStore {
        guard let config = storage else { return .sqlite(db) }
        let path = config
        let storage = try await Blocking.run { try ServeConfig(path: path).storage }
        guard let postgres = storage.postgres else { return .sqlite(storage.database) }
        return .postgres(try PostgresStore.Configuration(url: postgres.url, password: postgres.password))
    }

    /// Runs `body` on the configured PostgreSQL store (probed and migrated first); nil when the store is SQLite, for
    /// the caller to use its SQLite path.
    func onPostgres<T: Sendable>(_ body: @Sendable (PostgresStore) async throws -> T) async throws -> T? {
        guard case .postgres(let configuration) = try await resolved() else { return nil }
        var logger = Logger(label: "sharpeyes.store")
        logger.logLevel = .critical
        return try await PostgresStore.withStore(configuration, logger: logger, body)
    }

    /// The SQLite file to use when `onPostgres` returned nil.
    func sqlitePath() async throws -> String {
        if case .sqlite(let path) = try await resolved() { return path }
        return db
    }
}
