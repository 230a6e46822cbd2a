import Foundation
import GRDB
import Incidents
import PostgresNIO
import PostgresStore
import Seeding
import TestSupport

/// One seeded city (a week of plate reads, faces, incidents, orders) in an in-memory SQLite store and, copied row
/// for row, in a PostgreSQL store on the test cluster: made once per test process, read by every parity test.
struct SeededStores: Sendable {
    let sqlite: IncidentStore
    let postgres: PostgresStore

    static let end = Date(timeIntervalSince1970: 1_795_000_000.25)
    static let plan = SeedPlan(cameras: 24, sightings: 4_000, incidents: 80, days: 7, seed: 22, end: end)

    private static let made = Lazily { try await SeededStores.make() }
    static func shared() async throws -> SeededStores { try await made.value }

    private static func make() async throws -> SeededStores {
        let sqlite = try IncidentStore()
        _ = try Seeder(plan: plan).seed(into: sqlite)
        // A duty officer has reviewed every third incident: the review filters have rows to find.
        let incidents = try sqlite.incidents().compactMap(\.id).filter { $0 % 3 == 0 }
        _ = try sqlite.markReviewed(incidents, by: "ann", scope: HistoryFilter(), at: end)
        let database = try await PostgresCluster.shared().createDatabase()
        // The client runs for the rest of the process: the suites share this store, and the cluster goes at exit.
        let client = PostgresClient(configuration: PostgresClient.Configuration(
            host: database.host, port: database.port, username: database.user, password: database.password,
            database: database.name, tls: .disable), backgroundLogger: quietLogger)
        Task.detached { await client.run() }
        let postgres = PostgresStore(client: client, configuration: database.configuration, logger: quietLogger)
        try await postgres.migrate()
        try await SQLiteCopy.copy(sqlite, into: postgres)
        return SeededStores(sqlite: sqlite, postgres: postgres)
    }

    /// One value of the seeded SQLite data (a plate, a grid, a force), for building filters.
    func sample<Value: DatabaseValueConvertible>(_ sql: String) throws -> Value {
        guard let value = try sqlite.writer.read({ db in try Value.fetchOne(db, sql: sql) }) else {
            throw SampleMissing(sql: sql)
        }
        return value
    }

    struct SampleMissing: Error { let sql: String }
}
