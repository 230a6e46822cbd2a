import Foundation
import Incidents
import PostgresStore
import Severities
import TestSupport
import Testing

/// `serve` on a shared PostgreSQL store, through the built binary: a camera's incident lands in PostgreSQL and the
/// real HTTP server answers from it; a server that is not there, or a wrong password, stops the start with one
/// clear line and no password in it.
@Suite(.childProcesses)
struct PostgresServeTests {
    @Test func serveAnalysesACameraIntoPostgreSQLAndTheAPIShowsTheIncident() async throws {
        try await PostgresCluster.shared().withDatabase { database in
            let receiver = try WebhookReceiver()
            let node = try PostgresNode(database: database, cameras: """
                  - {id: gate, kind: file, url: \(Fixtures.path("plates/slideshow.mp4")), loop: true, stages: [plates]}
                """, extra: """

                forces:
                  - {id: centre, name: Centre, type: command_centre, webhook: {url: "http://127.0.0.1:\(receiver.port)/alerts", secret: 0123456789abcdef0123}}
                rules:
                  - {name: all, send: [{type: command_centre}], acknowledge_within: 3600}
                """)
            let token = try await node.createToken()
            let listed = try await SharpEyesBinary.run(["watchlist", "add-plate", "川A095Q5", "--reason", "stolen",
                                                        "--storage", node.config.path], environment: node.environment)
            try #require(listed.status == 0, "the hotlist of the shared store, from the CLI: \(listed.stderr)")
            let server = try await node.start()
            let up = await server.waitUntil(60) { server in
                guard server.status == nil else { return true }
                return await httpGet("\(node.base)/health").status == 200
            }
            #expect(up && server.status == nil, "\(server.stderr)")
            var plate: String?
            _ = await server.waitUntil(120) { server in
                guard server.status == nil else { return true }
                let listed = await httpJSON("\(node.base)/api/incidents?camera=gate", token: token) as? [String: Any]
                plate = (listed?["items"] as? [[String: Any]])?.first?["plate"] as? String
                return plate != nil
            }
            #expect(plate == "川A095Q5", "\(server.stderr.suffix(1500))")
            let rows = try await PostgresStore.withStore(database.configuration, logger: quietLogger) { store in
                try await store.incidentCount(matching: HistoryFilter())
            }
            #expect(rows >= 1, "the incident is a row of the shared store")
            let delivered = await server.waitUntil(60) { _ in receiver.received.contains { $0.accepted } }
            #expect(delivered, "the incident's order went out through the PostgreSQL outbox: \(server.stderr.suffix(800))")
            server.signal(SIGTERM)
            #expect(await server.exit(timeout: 60) == 0, "\(server.stderr.suffix(800))")
            #expect(!server.stderr.contains(database.password))
        }
    }

    @Test func anUnreachableServerAtStartIsOneErrorLineAndExit1() async throws {
        let cluster = try await PostgresCluster.shared()
        let unreachable = PostgresTestDatabase(host: "127.0.0.1", port: freePort(), user: PostgresCluster.user,
                                               password: cluster.password, name: "none")
        let node = try PostgresNode(database: unreachable, cameras: "  []")
        let server = try await node.start()
        #expect(await server.exit(timeout: 60) == 1)
        let lines = server.stderr.split(separator: "\n").filter { $0.hasPrefix("error:") }
        #expect(lines.count == 1 && lines[0].contains("cannot reach postgres 127.0.0.1:\(unreachable.port)/none"),
                "\(server.stderr)")
    }

    @Test func aWrongPasswordIsAClearErrorThatNeverPrintsIt() async throws {
        let cluster = try await PostgresCluster.shared()
        let wrong = "not-the-Pa55word-\(UInt32.random(in: 0...UInt32.max))"
        let database = PostgresTestDatabase(host: "127.0.0.1", port: cluster.port, user: PostgresCluster.user,
                                            password: wrong, name: "postgres")
        let node = try PostgresNode(database: database, cameras: "  []")
        let server = try await node.start()
        #expect(await server.exit(timeout: 60) == 1)
        #expect(server.stderr.contains("error: postgres 127.0.0.1:\(cluster.port)/postgres: password authentication failed"),
                "\(server.stderr)")
        #expect(!server.stderr.contains(wrong) && !server.stdout.contains(wrong))
        let token = try await SharpEyesBinary.run(["token", "list", "--storage", node.config.path], environment: node.environment)
        #expect(token.status == 1 && token.stderr.contains("password authentication failed") && !token.stderr.contains(wrong))
    }
}

/// One `serve` node's files for a PostgreSQL store: its config (the password through an environment variable) and
/// snapshot folder.
struct PostgresNode {
    let directory: URL
    let config: URL
    let port = freePort()
    let environment: [String]

    init(database: PostgresTestDatabase, cameras: String, storage: String = "", extra: String = "") throws {
        directory = try temporaryDirectory("pg-serve")
        config = directory.appendingPathComponent("sharpeyes.yaml")
        environment = ["SHARPEYES_DB_PASSWORD=\(database.password)"]
        let yaml = """
            storage:
              database: postgres://\(database.user)@\(database.host):\(database.port)/\(database.name)
              password: {env: SHARPEYES_DB_PASSWORD}
              snapshots: \(directory.appendingPathComponent("snapshots").path)
            \(storage)
            workers: 2
            http: {listen: 127.0.0.1:\(port)}
            cameras:
            \(cameras)
            """ + extra
        try yaml.write(to: config, atomically: true, encoding: .utf8)
    }

    var base: String { "http://127.0.0.1:\(port)" }

    /// An admin token in the shared store, made by `token create --storage`.
    func createToken() async throws -> String {
        let created = try await SharpEyesBinary.run(["token", "create", "--storage", config.path, "--role", "admin", "--name", "tests"],
                                                    environment: environment)
        try #require(created.status == 0, "\(created.stderr)")
        return String(created.stdout.split(separator: "\n").last ?? "")
    }

    func start() async throws -> ChildProcess {
        try await ChildProcess.start("/usr/bin/env", environment + [SharpEyesBinary.path, "serve", "--config", config.path,
                                                                    "--log-level", "info"])
    }
}
