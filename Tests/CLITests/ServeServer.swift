import Foundation
import GRDB
import TestSupport

extension ServeTests {
    /// A running `serve` with its config file, database, HTTP port and systemd notify socket.
    final class Server {
        let child: ChildProcess
        /// Where `serve` says READY=1 once its HTTP server listens.
        let notify: NotifySocket
        let directory: URL
        let db: String
        let port: Int
        let config: URL
        /// An admin API token of this server's database.
        let token: String

        /// - Parameter database: another server's database, for a second node on the same store.
        init(cameras: String, extra: String = "", environment: [String] = [], database: String? = nil,
             prepare: (String) async throws -> Void = { _ in }) async throws {
            let place = try Place(database: database)
            try await prepare(place.db)
            token = try Self.secret(try await SharpEyesBinary.run(place.tokenCommand))
            try place.write(cameras: cameras, extra: extra)
            notify = try NotifySocket()
            child = try await ChildProcess.start("/usr/bin/env", environment + [notify.environment] + place.serveCommand)
            (directory, db, port, config) = (place.directory, place.db, place.port, place.config)
        }

        /// Where a server keeps its files, and the commands that start it.
        private struct Place {
            let directory: URL
            let db: String
            let port = freePort()
            let config: URL

            init(database: String? = nil) throws {
                directory = try temporaryDirectory("serve")
                db = database ?? directory.appendingPathComponent("sharpeyes.sqlite").path
                config = directory.appendingPathComponent("sharpeyes.yaml")
            }

            var tokenCommand: [String] { ["token", "create", "--db", db, "--role", "admin", "--name", "tests"] }
            var serveCommand: [String] { [SharpEyesBinary.path, "serve", "--config", config.path, "--log-level", "info"] }

            func write(cameras: String, extra: String) throws {
                try (Server.yaml(db: db, port: port, cameras: cameras) + extra).write(to: config, atomically: true, encoding: .utf8)
            }
        }

        private static func secret(_ created: (status: Int32, stdout: String, stderr: String)) throws -> String {
            guard created.status == 0, let secret = created.stdout.split(separator: "\n").last else {
                throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "token create failed: \(created.stderr)"])
            }
            return String(secret)
        }

        static func yaml(db: String, port: Int, cameras: String) -> String {
            """
            storage: {database: \(db)}
            workers: 2
            http: {listen: 127.0.0.1:\(port)}
            cameras:
            \(cameras)
            """
        }

        func rewrite(cameras: String) throws {
            try Self.yaml(db: db, port: port, cameras: cameras).write(to: config, atomically: true, encoding: .utf8)
        }

        var base: String { "http://127.0.0.1:\(port)" }

        /// Camera statuses by id, from the running server.
        func cameras() async -> [String: [String: Any]] {
            Self.byID(await httpJSON("\(base)/api/cameras", token: token))
        }

        private static func byID(_ json: Any?) -> [String: [String: Any]] {
            let list = json as? [[String: Any]] ?? []
            return Dictionary(list.map { ($0["id"] as? String ?? "", $0) }, uniquingKeysWith: { a, _ in a })
        }

        /// One camera's status field as an integer (0 while it is not there).
        func count(_ field: String, of camera: String) async -> Int {
            await cameras()[camera]?[field] as? Int ?? 0
        }

        /// Waits (60 s at most) until it says READY=1: its HTTP server listens. False at once if it exits first.
        func waitUntilServing() async -> Bool {
            await child.waitUntil(60) { [notify] in notify.received("READY=1") || $0.status != nil } && notify.received("READY=1")
        }

        func rows(_ sql: String) throws -> [Row] {
            try DatabaseQueue(path: db).read { try Row.fetchAll($0, sql: sql) }
        }

        /// SIGTERM, then the exit status (killed after 30 s).
        func stop() async -> Int32 {
            child.signal(SIGTERM)
            return await child.exit(timeout: 30)
        }

        deinit { child.signal(SIGKILL) }
    }
}
