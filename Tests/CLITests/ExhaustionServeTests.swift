import Foundation
import GRDB
import TestSupport
import Testing

/// `serve` out of file descriptors: a flood of held connections must not trap it, lose a hit, or make ids collide,
/// and it answers again once the flood ends.
@Suite(.serialized, .childProcesses)
struct ExhaustionServeTests {
    static let descriptorLimit = 256
    static let flood = 1_000

    /// `serve` under `prlimit --nofile=256:256`, a camera looping the plate slideshow with its plate hotlisted, and
    /// a rule that sends every plate hit to two forces (two orders, two webhook messages per incident).
    final class LimitedServer {
        let child: ChildProcess
        let db: String
        let port: Int
        let patrol: WebhookReceiver, worker: WebhookReceiver

        init() async throws {
            port = freePort()
            patrol = try WebhookReceiver()
            worker = try WebhookReceiver()
            let directory = try temporaryDirectory("exhaustion")
            db = directory.appendingPathComponent("sharpeyes.sqlite").path
            let listed = try await SharpEyesBinary.run(["watchlist", "add-plate", "川A095Q5", "--reason", "stolen car", "--db", db])
            guard listed.status == 0 else { throw CocoaError(.executableLoad) }
            let config = directory.appendingPathComponent("sharpeyes.yaml").path
            try Self.yaml(db: db, port: port, patrol: patrol.port, worker: worker.port)
                .write(toFile: config, atomically: true, encoding: .utf8)
            child = try await ChildProcess.start("/usr/bin/prlimit", ["--nofile=\(ExhaustionServeTests.descriptorLimit):\(ExhaustionServeTests.descriptorLimit)",
                                                          "--", SharpEyesBinary.path, "serve", "--config", config, "--log-level", "info"])
        }

        /// `repeat_window: 0`: every pass of the plate is an incident of its own, so incidents keep coming.
        private static func yaml(db: String, port: Int, patrol: Int, worker: Int) -> String {
            """
            storage: {database: \(db)}
            workers: 2
            http: {listen: 127.0.0.1:\(port)}
            recognition: {repeat_window: 0}
            cameras:
              - {id: gate, kind: file, url: \(Fixtures.path("plates/slideshow.mp4")), loop: true, realtime: true,
                 position: [45.76, 126.65], stages: [plates], sampling: {fps: 5}}
            grids: [{id: A, polygon: [[126.60, 45.74], [126.70, 45.74], [126.70, 45.78], [126.60, 45.78]]}]
            forces:
              - {id: patrol-1, name: P1, type: patrol, position: [45.762, 126.652],
                 webhook: {url: "http://127.0.0.1:\(patrol)/alerts", secret: "0123456789abcdef"}}
              - {id: worker-a, name: W, type: grid_worker, grid: A,
                 webhook: {url: "http://127.0.0.1:\(worker)/alerts", secret: "0123456789abcdef"}}
            rules:
              - {name: plates, when: {kind: plate}, send: [{type: patrol, units: 1}, {type: grid_worker}]}
            """
        }

        var health: Int { get async { await httpGet("http://127.0.0.1:\(port)/health", timeout: 2).status } }

        func incidents() throws -> Int {
            try DatabaseQueue(path: db).read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM incident") ?? 0 }
        }

        deinit {
            child.signal(SIGKILL)
            patrol.stop()
            worker.stop()
        }
    }

    @Test func aFloodOfHeldConnectionsLosesNothingAndTheServerAnswersAgain() async throws {
        try raiseOwnDescriptorLimit(to: Self.flood + 512)
        let server = try await LimitedServer()
        #expect(await server.child.waitUntil(120) { _ in await server.health == 200 }, "\(server.child.stderr.suffix(2000))")
        #expect(await server.child.waitUntil(120) { _ in ((try? server.incidents()) ?? 0) >= 1 }, "a first hit before the flood")

        let held = HeldConnections(port: server.port, count: Self.flood)
        #expect(held.count == Self.flood, "the test process opened every connection")
        // Held while the plate passes twice more (once per 10 s loop): the server must keep descriptors for its
        // work, so the looped file is reopened and each hit recorded with its orders during the flood.
        let before = try server.incidents()
        let flooded = await server.child.waitUntil(90) { _ in ((try? server.incidents()) ?? 0) >= before + 2 }
        held.release()
        let released = ContinuousClock.now
        let answered = await server.child.waitUntil(30) { _ in await server.health == 200 }
        let recovery = ContinuousClock.now - released
        #expect(flooded, "hits are recorded during the flood: \(server.child.stderr.suffix(2000))")
        let issueBound = Duration.seconds(5)  // the issue's requirement, not a timing margin
        #expect(answered && recovery < issueBound, "/health answered \(recovery) after the flood (the issue asks 5 s)")
        // The camera reopens its file (its backoff is at most 30 s) and hits again.
        let afterFlood = try server.incidents()
        #expect(await server.child.waitUntil(120) { _ in ((try? server.incidents()) ?? 0) > afterFlood },
                "hits again after the flood: \(server.child.stderr.suffix(3000))")

        // Every incident's two orders were committed with it, under ids that are unique and not all-zero.
        let queue = try DatabaseQueue(path: server.db)
        let perIncident = try queue.read { try Row.fetchAll($0, sql: """
            SELECT incident.id AS incident, COUNT(dispatchOrder.id) AS orders FROM incident
            LEFT JOIN dispatchOrder ON dispatchOrder.incidentId = incident.id GROUP BY incident.id
            """) }
        #expect(perIncident.allSatisfy { $0["orders"] as Int == 2 }, "\(perIncident)")
        let ids = try await queue.read { try String.fetchAll($0, sql: "SELECT id FROM dispatchOrder") }
        #expect(Set(ids).count == ids.count && ids.count == 2 * perIncident.count)
        #expect(!ids.contains { $0.hasPrefix("00000000-0000-4") }, "\(ids)")
        let stderr = server.child.stderr
        for lost in ["cannot record", "UNIQUE constraint failed", "Fatal error"] {
            #expect(!stderr.contains(lost), "\(lost): \(stderr.suffix(3000))")
        }

        server.child.signal(SIGTERM)
        let status = await server.child.exit(timeout: 60)
        #expect(!server.child.endedBySignal && status == 0, "exit \(status), by a signal: \(server.child.endedBySignal)")
    }

    @Test func aDrillOutOfDescriptorsFailsClearlyOrSucceedsWithARealId() async throws {
        let directory = try temporaryDirectory("exhaustion-drill")
        let config = directory.appendingPathComponent("dispatch.yaml").path
        try """
        forces: [{id: patrol-1, name: P1, type: patrol, position: [45.762, 126.652]},
                 {id: patrol-2, name: P2, type: patrol, position: [45.763, 126.653]}]
        rules: [{name: all, send: [{type: patrol, units: 2}], acknowledge_within: 600}]
        """.write(toFile: config, atomically: true, encoding: .utf8)
        let db = directory.appendingPathComponent("db.sqlite").path
        for limit in [12, 16, 24, 32, 128] {
            let child = try await ChildProcess.start("/usr/bin/prlimit", ["--nofile=\(limit):\(limit)", "--", SharpEyesBinary.path,
                                                              "dispatch", "drill", "--config", config, "--db", db, "--camera", "gate-1",
                                                              "--location", "45.76,126.65", "--subject", "黑A1234\(limit % 10)",
                                                              "--deliver-for", "0"])
            let status = await child.exit(timeout: 60)
            #expect(!child.endedBySignal, "no trap at --nofile=\(limit): \(child.stderr)")
            #expect(status == 0 || child.stderr.contains("error"), "a failure says why at --nofile=\(limit): \(child.stderr)")
        }
        // With descriptors enough (128), the drill commits its incident and both orders, under real ids.
        let ids = try await DatabaseQueue(path: db).read { try String.fetchAll($0, sql: "SELECT id FROM dispatchOrder") }
        #expect(ids.count >= 2 && Set(ids).count == ids.count, "\(ids)")
        #expect(!ids.contains { $0.hasPrefix("00000000-0000-4") }, "\(ids)")
    }
}

/// Raises this process's soft descriptor limit, within the hard one, to hold the flood's sockets.
private func raiseOwnDescriptorLimit(to wanted: Int) throws {
    var limit = rlimit()
    getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
    guard limit.rlim_cur < rlim_t(wanted) else { return }
    limit.rlim_cur = min(rlim_t(wanted), limit.rlim_max)
    try #require(setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0)
}

/// TCP connections to 127.0.0.1:`port`, opened without blocking (the server may not accept them) and held until
/// `release()`.
final class HeldConnections {
    private var sockets: [Int32] = []
    var count: Int { sockets.count }

    init(port: Int, count: Int) {
        for _ in 0..<count {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { break }
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = withLoopbackAddress(port: port) { connect(fd, $0, $1) }
            sockets.append(fd)
        }
    }

    func release() {
        for fd in sockets { close(fd) }
        sockets = []
    }

    deinit { release() }
}
