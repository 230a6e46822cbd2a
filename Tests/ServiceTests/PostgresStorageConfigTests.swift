import Foundation
import Service
import Testing

/// `storage: {database: postgres://…, password: {env: NAME}}`: a shared store beside the SQLite path, its password
/// read at load and never shown, its mistakes named by field.
struct PostgresStorageConfigTests {
    private let secret = "Pg-S3cret!"

    private func storage(_ body: String) -> String {
        "storage:\n  database: postgres://sharpeyes@db.example:5433/city\n  snapshots: /var/lib/sharpeyes/snapshots\n\(body)"
    }

    @Test func aPostgresURLWithItsPasswordFromTheEnvironment() throws {
        let config = try load(storage("  password: {env: PGPASS}\n  cameras_from: database\n  lease_seconds: 9\n"),
                              environment: ["PGPASS": secret])
        let postgres = try #require(config.storage.postgres)
        #expect(postgres.url == "postgres://sharpeyes@db.example:5433/city" && postgres.password == secret)
        #expect(postgres.passwordSource == .env("PGPASS") && postgres.camerasFromDatabase && postgres.leaseSeconds == 9)
        #expect(!"\(config.storage)".contains(secret) && !String(reflecting: config.storage).contains(secret))
        let line = config.summary.first { $0.hasPrefix("storage:") }
        #expect(line?.hasPrefix("storage: shared PostgreSQL postgres://sharpeyes@db.example:5433/city, password from env PGPASS, "
            + "cameras from the database, shared by leases of 9 s, snapshots /var/lib/sharpeyes/snapshots") == true, "\(line ?? "-")")
        #expect(!config.summary.joined().contains(secret))
    }

    @Test func sqliteStaysTheDefault() throws {
        let config = try load(minimalConfig)
        #expect(config.storage.postgres == nil && config.storage.database == "/tmp/sharpeyes-test/db.sqlite")
    }

    @Test func mistakesAreNamedByField() throws {
        let inURL = loadError("storage: {database: 'postgres://u:\(secret)@db/x', snapshots: /s}\n")
        #expect(inURL?.description.contains("storage.database: database: put the password in password: {env: NAME}") == true,
                "\(String(describing: inURL))")
        #expect(inURL?.description.contains(secret) == false)
        let unset = loadError(storage("  password: {env: PGPASS}\n"))
        #expect(unset?.description.contains("storage.password: environment variable PGPASS is not set (storage)") == true,
                "\(String(describing: unset))")
        let noSnapshots = loadError("storage: {database: 'postgres://u@db/x'}\n")
        #expect(noSnapshots?.description.contains("snapshots") == true, "\(String(describing: noSnapshots))")
        let sqliteShared = loadError("storage: {database: /tmp/x/db.sqlite, cameras_from: database}\n")
        #expect(sqliteShared?.description.contains("cameras_from is only for a postgres:// database") == true,
                "\(String(describing: sqliteShared))")
        let from = loadError(storage("  cameras_from: elsewhere\n"))
        #expect(from?.description.contains("storage.cameras_from: give config or database") == true, "\(String(describing: from))")
    }
}
