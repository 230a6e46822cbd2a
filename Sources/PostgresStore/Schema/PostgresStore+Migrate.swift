import Logging
import PostgresNIO

extension PostgresStore {
    /// Applies the migrations this database lacks, each in its own transaction with its row in `"schemaMigration"`.
    /// Idempotent, and safe when several nodes start at once: they take turns under a session advisory lock.
    public func migrate() async throws { try await migrate(through: nil) }

    /// Applies the missing migrations up to and including `last` (all when nil): tests step through releases.
    package func migrate(through last: String?) async throws {
        try await mapErrors {
            try await client.withConnection { connection in
                _ = try await connection.rows("SELECT pg_advisory_lock(\(Self.migrationLock))", logger: logger)
                do {
                    try await applyMissing(through: last, on: connection)
                    _ = try await connection.rows("SELECT pg_advisory_unlock(\(Self.migrationLock))", logger: logger)
                } catch {
                    _ = try? await connection.rows("SELECT pg_advisory_unlock(\(Self.migrationLock))", logger: logger)
                    throw error
                }
            }
        }
    }

    /// The advisory lock key the migrating node holds.
    static let migrationLock: Int64 = 2_200_001

    private func applyMissing(through last: String?, on connection: PostgresConnection) async throws {
        _ = try await connection.rows("""
            CREATE TABLE IF NOT EXISTS "schemaMigration" ("identifier" text PRIMARY KEY, \
            "appliedAt" timestamptz NOT NULL DEFAULT now())
            """, logger: logger)
        let applied = Set(try await connection.rows(#"SELECT "identifier" FROM "schemaMigration""#, logger: logger)
            .map { try $0.value("identifier", as: String.self) })
        let end = last.flatMap { last in PostgresMigrations.all.firstIndex { $0.identifier == last } } ?? PostgresMigrations.all.count - 1
        for migration in PostgresMigrations.all[...end] where !applied.contains(migration.identifier) {
            try await connection.withTransaction(logger: logger) { connection in
                for statement in migration.statements {
                    _ = try await connection.rows(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                _ = try await connection.rows(
                    #"INSERT INTO "schemaMigration" ("identifier") VALUES (\#(migration.identifier))"#, logger: logger)
            }
            logger.info("postgres: applied migration", metadata: ["migration": "\(migration.identifier)"])
        }
    }

    /// The identifiers of the migrations applied to this database, in the order they were applied.
    package func appliedMigrations() async throws -> [String] {
        try await rows(#"SELECT "identifier" FROM "schemaMigration" ORDER BY "appliedAt", "identifier""#)
            .map { try $0.value("identifier") }
    }
}
