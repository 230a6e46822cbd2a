import Crypto
import Logging
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
        "61470e815a5931e1121e5f265345a1c5222f9f30e304616f9a2d5c31fa28669f",
        "130cf44107677caf9c3c91675ba40b937022b5e244a0a7ce6d3f778559d1c988",
        "4f37c2e08e06b35c9cff4ca006d46d7a2a0850ab949791ea7db8f62b1948daea",
        "957b5451017ae2832b015f7f74ce23a047fd7cdf6f0d6c908c547d2d048edee2",
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

extension PostgresMigrationTests {
    /// A database that lived through every release (with a plate sighting written before v7) ends with the schema of
    /// one created today, and v7's backfill gives the plate reads its trigger gives a new sighting.
    @Test func aDatabaseMigratedStepByStepHasTheSchemaOfANewOne() async throws {
        let fresh = try await withPostgresStore { store, _ in try await Self.schema(of: store) }
        let (stepped, reads) = try await PostgresCluster.shared().withDatabase { database in
            try await PostgresStore.withStore(database.configuration, logger: quietLogger, migrate: false) { store in
                for migration in PostgresMigrations.all {
                    try await store.migrate(through: migration.identifier)
                    if migration.identifier.hasPrefix("v6 ") { try await Self.insertPlateSighting(id: 1, into: store) }
                }
                try await Self.insertPlateSighting(id: 2, into: store)
                let reads = try await store.rows(#"SELECT "sightingId", "text", "canonical" FROM "plateRead" ORDER BY 1, 2"#)
                    .map { "\(try $0.value("sightingId", as: Int64.self)) \(try $0.value("text", as: String.self)) \(try $0.value("canonical", as: String.self))" }
                return (try await Self.schema(of: store), reads)
            }
        }
        #expect(stepped == fresh)
        #expect(fresh.count > 150)
        #expect(reads == ["1 京A0B1Z5 京A08125", "1 京AD81Z5 京A08125", "2 京A0B1Z5 京A08125", "2 京AD81Z5 京A08125"])
    }

    /// Columns with their types and defaults, indexes, triggers and functions: what the migrations made.
    private static func schema(of store: PostgresStore) async throws -> [String] {
        let columns = try await store.rows("""
            SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || COALESCE(column_default, '') AS line
            FROM information_schema.columns WHERE table_schema = 'public'
            """)
        let indexes = try await store.rows("SELECT indexdef AS line FROM pg_indexes WHERE schemaname = 'public'")
        let triggers = try await store.rows("""
            SELECT tgname || ' ' || pg_get_triggerdef(oid) AS line FROM pg_trigger WHERE NOT tgisinternal
            """)
        let functions = try await store.rows("""
            SELECT proname || ' ' || md5(prosrc) AS line FROM pg_proc WHERE pronamespace = 'public'::regnamespace
                AND prolang = (SELECT oid FROM pg_language WHERE lanname = 'plpgsql')
            """)
        return try (columns + indexes + triggers + functions).map { try $0.value("line", as: String.self) }.sorted()
    }

    private static func insertPlateSighting(id: Int64, into store: PostgresStore) async throws {
        try await store.execute("""
            INSERT INTO "camera" ("id", "name", "kind", "url", "createdAt") VALUES ('cam', 'cam', 'file', 'x.mp4', now())
            ON CONFLICT DO NOTHING
            """)
        try await store.execute("""
            INSERT INTO "sighting" ("id", "cameraId", "kind", "label", "firstSeen", "lastSeen", "bestTime", "mediaOffset",
                "boxX", "boxY", "boxWidth", "boxHeight", "confidence", "frames", "details")
            VALUES (\(id), 'cam', 'plate', '京A0B1Z5', now(), now(), now(), 0, 0, 0, 10, 10, 0.9, 3,
                '{"variants":{"京A0B1Z5":2,"京AD81Z5":1}}')
            """)
    }
}
