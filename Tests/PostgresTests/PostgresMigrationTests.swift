import Crypto
import Foundation
import GRDB
@testable import Incidents
import PostgresNIO
@testable import PostgresStore
import TestSupport
import Testing

/// The PostgreSQL schema is the SQLite one in another dialect: the same migrations in the same order, each frozen,
/// applied once, reaching the same tables and columns.
struct PostgresMigrationTests {
    /// Each shipped PostgreSQL migration's SHA-256, oldest first: append a line for a new migration, never change one.
    private static let shipped: [String] = [
        "036f8d26a42ccec3de374c250668fac78db175145d2fc66220194fafa4c96156",
        "c82c5f091fa4afc6131b7d557caca5a3268501e12c49efabdd4cef4313b9ccb9",
        "5e02bcf73da5e179331fb83f3183310b0c4ad8d4be8ac36361de5ff5525f9ce1",
        "d6323f67303e2d4014a7c442f1dd59d260cede38af2cf4b78544ed1e44deaea2",
        "718af10bcc2b784240ad5bc82576f99d70def061ba77384a9a118c37c3aae303",
        "77c164898ce02426bd62727b4cf86bcf4684f8b15d3d098124e4370c3ae26be1",
        "3143745d430387f8977a09b8a49d000475cf4c7ec9aded04844ba5aa7d7db25f",
        "81460eb4cdd533e9b399f78c9eac84d102f1ba21ec36943c4051fc0864abbfb2",
    ]

    @Test func bothDialectsListTheSameMigrationsInTheSameOrder() {
        #expect(PostgresMigrations.all.map(\.identifier) == Migrations.all.map(\.identifier),
                "a migration was added to one dialect and not the other")
    }

    @Test func noShippedMigrationWasEdited() {
        let hashes = PostgresMigrations.all.map { SHA256.hash(data: Data($0.sql.utf8)).map { String(format: "%02x", $0) }.joined() }
        #expect(Array(hashes.prefix(Self.shipped.count)) == Self.shipped,
                "a shipped PostgreSQL migration was edited: put the change in a new migration")
        #expect(hashes.count == Self.shipped.count, "pin the SHA-256 of every new PostgreSQL migration here")
    }

    @Test func migratingTwiceAppliesEachMigrationOnce() async throws {
        try await withPostgresStore { store, _ in
            try await store.migrate()
            #expect(try await store.appliedMigrations() == PostgresMigrations.all.map(\.identifier))
        }
    }

    /// Every table the SQLite store writes exists on PostgreSQL with the same columns.
    @Test func everyTableAndColumnExistsInBothDialects() async throws {
        let sqlite = try DatabaseQueue()
        try Migrations.migrator.migrate(sqlite)
        let expected = try await sqlite.read { db in
            try Row.fetchAll(db, sql: """
                SELECT m.name AS t, p.name AS c FROM sqlite_master m, pragma_table_info(m.name) p
                WHERE m.type = 'table' AND m.name NOT IN ('sqlite_sequence', 'grdb_migrations')
                """).map { "\($0["t"] as String).\($0["c"] as String)" }
        }
        let found = try await withPostgresStore { store, _ in
            try await store.client.query("""
                SELECT table_name, column_name FROM information_schema.columns
                WHERE table_schema = 'public' AND table_name <> 'schemaMigration'
                """).randomAccessRows().map { "\(try $0.value("table_name", as: String.self)).\(try $0.value("column_name", as: String.self))" }
        }
        #expect(Set(found) == Set(expected))
        #expect(expected.count > 100)
    }
}
