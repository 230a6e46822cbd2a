public import Foundation
import Glibc
import Synchronization

/// A private PostgreSQL 15 server for this test process: a temporary data directory, a free loopback port, its unix
/// socket in that directory. Started once, by the first suite that asks, and shared by every suite; each test gets a
/// database of its own (`withDatabase`). It is stopped and removed when the process exits, and by a watchdog when
/// the process dies without exiting (a crash, SIGKILL), so no cluster outlives its tests.
///
/// `initdb` refuses to run as root: as root, the server runs as the `postgres` user that Debian's postgresql-15
/// package creates (scripts/setup.sh installs it), and owns the directory.
///
/// ```swift
/// try await PostgresCluster.shared().withDatabase { database in
///     let store = try await PostgresStore.open(database.configuration ...)
/// }
/// ```
public final class PostgresCluster: Sendable {
    public static let binaries = "/usr/lib/postgresql/15/bin"
    /// The superuser the cluster is created with; TCP connections authenticate with `password` (SCRAM-SHA-256).
    public static let user = "sharpeyes"

    public let directory: URL
    public let port: Int
    public let password: String
    /// The server's certificate (PEM) when it serves TLS: a client's trust root.
    public let certificate: String?
    private let databases = Atomic<Int>(0)

    private static let started = Lazily { try await PostgresCluster.start() }

    /// The process's cluster, started on first use.
    public static func shared() async throws -> PostgresCluster { try await started.value }

    init(directory: URL, port: Int, password: String, tls: Bool) {
        self.directory = directory
        self.port = port
        self.password = password
        certificate = tls ? directory.appendingPathComponent("server.crt").path : nil
    }

    var dataDirectory: String { directory.appendingPathComponent("data").path }

    /// Runs `body` with a new empty database, dropped afterwards (also when `body` throws).
    public func withDatabase<T>(_ body: (PostgresTestDatabase) async throws -> T) async throws -> T {
        let database = try await createDatabase()
        do {
            let result = try await body(database)
            try await drop(database)
            return result
        } catch {
            try? await drop(database)
            throw error
        }
    }

    /// A new empty database; `drop` removes it (the cluster's removal at exit removes any left).
    public func createDatabase() async throws -> PostgresTestDatabase {
        let name = "test_\(getpid())_\(databases.add(1, ordering: .relaxed).newValue)"
        try await sql("CREATE DATABASE \(name)")
        return PostgresTestDatabase(host: "127.0.0.1", port: port, user: Self.user, password: password, name: name)
    }

    public func drop(_ database: PostgresTestDatabase) async throws {
        try await sql("DROP DATABASE IF EXISTS \(database.name) WITH (FORCE)")
    }

    /// Runs one statement as the superuser over the unix socket (trusted: no password there).
    public func sql(_ statement: String, database: String = "postgres") async throws {
        try await runTool("\(Self.binaries)/psql", [
            "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", directory.path, "-p", "\(port)", "-U", Self.user, "-d", database,
            "-c", statement,
        ])
    }
}

/// One database of the test cluster, with what a client needs to reach it over TCP.
public struct PostgresTestDatabase: Sendable {
    public let host: String
    public let port: Int
    public let user: String
    public let password: String
    public let name: String

    public init(host: String, port: Int, user: String, password: String, name: String) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.name = name
    }
}
