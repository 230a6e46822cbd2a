import Foundation
import Incidents
import PostgresStore
import TestSupport
import Testing

/// Nodes that take their cameras from the database (`cameras_from: database`), on one PostgreSQL through the built
/// binary: `cameras import` shares looped file cameras out, every camera runs on exactly one node, and when one node
/// is killed with SIGKILL the others take its cameras once their leases expire.
@Suite(.childProcesses)
struct SharedCameraServeTests {
    private static let ttl = 3.0

    @Test func nodesShareTheCamerasAndOneTakesOverAKilledNodesCameras() async throws {
        try await PostgresCluster.shared().withDatabase { database in
            let nodes = try ["a", "b", "c"].map { id in
                try PostgresNode(database: database, cameras: "  []",
                                 storage: "  cameras_from: database\n  lease_seconds: \(Int(Self.ttl))",
                                 extra: "\nnode: {id: \(id), roles: [analysis, api]}\n")
            }
            let token = try await nodes[0].createToken()
            let servers = try await [nodes[0].start(), nodes[1].start(), nodes[2].start()]
            defer { for server in servers { server.signal(SIGKILL) } }
            for (node, server) in zip(nodes, servers) {
                let up = await server.waitUntil(60) { server in
                    guard server.status == nil else { return true }
                    return await httpGet("\(node.base)/health").status == 200
                }
                #expect(up && server.status == nil, "\(server.stderr)")
            }
            let cameras = try Self.cameraFile(in: nodes[0].directory, count: 6)
            let imported = try await SharpEyesBinary.run(["cameras", "import", cameras.path, "--storage", nodes[0].config.path],
                                                         environment: nodes[0].environment)
            try #require(imported.status == 0, "\(imported.stderr)")
            #expect(imported.stdout.contains("imported 6 camera(s)"))

            // All three nodes are live: each claims its fair share, and runs exactly the cameras it holds.
            var running: [[String]] = []
            let shared = await servers[0].waitUntil(60) { _ in
                running = await Self.running(nodes, token: token)
                return running.map(\.count) == [2, 2, 2]
            }
            #expect(shared, "each node runs 2 of the 6 cameras: \(running)")
            #expect(Set(running.joined()).count == 6, "no camera runs on two nodes: \(running)")
            let listed = try await SharpEyesBinary.run(["cameras", "list", "--storage", nodes[1].config.path],
                                                       environment: nodes[1].environment)
            #expect(listed.stdout.split(separator: "\n").count == 6, "\(listed.stdout)\(listed.stderr)")
            try await Self.expectNodes(nodes, token: token)

            // SIGKILL: no release. The other nodes take its cameras once their leases expire.
            let killedAt = ContinuousClock.now
            servers[0].signal(SIGKILL)
            var tookOver: Duration?
            _ = await servers[1].waitUntil(60) { _ in
                let rows = (try? await Self.leases(database)) ?? []
                guard rows.count == 6, rows.allSatisfy({ ["b", "c"].contains($0.nodeId) && ($0.expiresAt ?? .distantPast) > Date() })
                else { return false }
                tookOver = ContinuousClock.now - killedAt
                return true
            }
            let seconds = tookOver.map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 }
            #expect(seconds != nil, "nodes b and c took over node a's cameras: \(servers[1].stderr.suffix(1500))")
            print("takeover after SIGKILL: \(seconds.map { String(format: "%.1f", $0) } ?? "-") s (TTL \(Self.ttl) s, claim interval \(Self.ttl / 3) s)")
            let after = await servers[1].waitUntil(30) { _ in
                running = await Self.running(Array(nodes[1...]), token: token)
                return running.map(\.count) == [3, 3] && Set(running.joined()).count == 6
            }
            #expect(after, "nodes b and c run three cameras each: \(running)")
            for server in servers[1...] { server.signal(SIGTERM) }
            for server in servers[1...] { #expect(await server.exit(timeout: 60) == 0, "\(server.stderr.suffix(800))") }
            #expect(try await Self.leases(database).allSatisfy { $0.nodeId == nil }, "SIGTERM released the leases")
        }
    }

    /// A node that joins takes its share from the node that held everything: the cameras move with a drain (stopped,
    /// then released), not with a lease expiring.
    @Test func aJoiningNodeTakesItsShareFromTheMostLoaded() async throws {
        try await PostgresCluster.shared().withDatabase { database in
            let nodes = try ["a", "b"].map { id in
                try PostgresNode(database: database, cameras: "  []",
                                 storage: "  cameras_from: database\n  lease_seconds: 6",
                                 extra: "\nnode: {id: \(id), roles: [analysis, api]}\n")
            }
            let token = try await nodes[0].createToken()
            let cameras = try Self.cameraFile(in: nodes[0].directory, count: 4)
            let imported = try await SharpEyesBinary.run(["cameras", "import", cameras.path, "--storage", nodes[0].config.path],
                                                         environment: nodes[0].environment)
            try #require(imported.status == 0, "\(imported.stderr)")
            let first = try await nodes[0].start()
            defer { first.signal(SIGKILL) }
            var running: [[String]] = []
            let alone = await first.waitUntil(60) { _ in
                running = await Self.running([nodes[0]], token: token)
                return running == [["cam-1", "cam-2", "cam-3", "cam-4"]]
            }
            try #require(alone, "node a alone runs all four: \(running) \(first.stderr.suffix(800))")
            let second = try await nodes[1].start()
            defer { second.signal(SIGKILL) }
            let shared = await second.waitUntil(60) { _ in
                running = await Self.running(nodes, token: token)
                return running.map(\.count) == [2, 2] && Set(running.joined()).count == 4
            }
            #expect(shared, "two each after the join: \(running) \(first.stderr.suffix(800))")
            // Node a is alive and renewing: the cameras moved because it released them, not because a lease expired.
            #expect(first.stderr.contains("handed over cam-3, cam-4"), "\(first.stderr.suffix(800))")
            #expect(!first.stderr.contains("lost the lease"), "\(first.stderr.suffix(800))")
        }
    }

    /// PostgreSQL stopped under a node: its leases stop being trusted, so its camera stops within the lease, though
    /// no other node could claim it; once the server is back the node claims the camera again (a new epoch) and runs it.
    @Test func aNodeStopsItsCameraWhilePostgreSQLIsDownAndTakesItBackAfter() async throws {
        let cluster = try await PostgresCluster.startPrivate()
        try await cluster.withDatabase { database in
            let node = try PostgresNode(database: database, cameras: "  []",
                                        storage: "  cameras_from: database\n  lease_seconds: \(Int(Self.ttl))",
                                        extra: "\nnode: {id: a, roles: [analysis, api]}\n")
            let token = try await node.createToken()
            let cameras = try Self.cameraFile(in: node.directory, count: 1)
            let imported = try await SharpEyesBinary.run(["cameras", "import", cameras.path, "--storage", node.config.path],
                                                         environment: node.environment)
            try #require(imported.status == 0, "\(imported.stderr)")
            let server = try await node.start()
            defer { server.signal(SIGKILL) }
            let running = await server.waitUntil(60) { _ in await Self.running([node], token: token) == [["cam-1"]] }
            try #require(running, "\(server.stderr.suffix(800))")
            try await cluster.stop()
            let stopped = await server.waitUntil(30) { $0.stderr.contains("lost the lease on cam-1") }
            try await cluster.restart()
            #expect(stopped, "the camera stops once its lease is no longer trusted: \(server.stderr.suffix(800))")
            let back = await server.waitUntil(60) { server in
                guard server.stderr.contains("cam-1@2") else { return false }
                return await Self.running([node], token: token) == [["cam-1"]]
            }
            #expect(back, "claimed again with epoch 2 and running: \(server.stderr.suffix(1200))")
        }
        try await cluster.stop()
    }

    /// A node paused with SIGSTOP past its lease, then continued: the other node has taken the camera with a higher
    /// epoch, and not one write of the paused node lands after that (each is fenced: refused before it is sent, its
    /// lease no longer trusted, or by the database, its epoch old).
    @Test func aPausedNodesWritesAreFencedOnceItsCameraMoved() async throws {
        try await PostgresCluster.shared().withDatabase { database in
            let nodes = try ["a", "b"].map { id in
                try PostgresNode(database: database, cameras: "  []",
                                 storage: "  cameras_from: database\n  lease_seconds: \(Int(Self.ttl))",
                                 extra: "\nnode: {id: \(id), roles: [analysis]}\n")
            }
            let cameras = try Self.cameraFile(in: nodes[0].directory, count: 1, url: Fixtures.path("plates/slideshow.mp4"),
                                              stages: "plates")
            let imported = try await SharpEyesBinary.run(["cameras", "import", cameras.path, "--storage", nodes[0].config.path],
                                                         environment: nodes[0].environment)
            try #require(imported.status == 0, "\(imported.stderr)")
            let first = try await nodes[0].start()
            defer { first.signal(SIGKILL) }
            let writing = await first.waitUntil(90) { _ in (try? await Self.sightings(database, epoch: 1)) ?? 0 > 0 }
            try #require(writing, "node a analyses the camera under epoch 1: \(first.stderr.suffix(1500))")
            let second = try await nodes[1].start()
            defer { second.signal(SIGKILL) }
            first.signal(SIGSTOP)
            let moved = await second.waitUntil(60) { _ in (try? await Self.leases(database))?.first?.nodeId == "b" }
            let before = try await Self.sightings(database, epoch: 1)
            first.signal(SIGCONT)
            try #require(moved, "node b took the camera: \(second.stderr.suffix(1500))")
            let fenced = await first.waitUntil(30) { $0.stderr.contains("lost the lease on cam-1") }
            #expect(fenced, "node a learns it lost the lease: \(first.stderr.suffix(1500))")
            _ = await first.waitUntil(5) { $0.stderr.contains("fenced:") }
            let refusals = first.stderr.split(separator: "\n").filter { $0.contains("fenced:") }
            print("writes of the paused node refused after SIGCONT: \(refusals.count)\n\(refusals.prefix(3).joined(separator: "\n"))")
            #expect(try await Self.sightings(database, epoch: 1) == before, "no write of the old epoch landed after the move")
            #expect(try await Self.leases(database).first?.epoch == 2)
        }
    }

    /// How many sightings the given epoch wrote.
    private static func sightings(_ database: PostgresTestDatabase, epoch: Int64) async throws -> Int {
        try await PostgresStore.withStore(database.configuration, logger: quietLogger, migrate: false) { store in
            try await store.sightingCount(epoch: epoch)
        }
    }

    /// `/api/nodes` on any node lists all three with two leases each; `status --nodes` prints them; `/metrics` has the
    /// lease gauge.
    private static func expectNodes(_ nodes: [PostgresNode], token: String) async throws {
        let answer = await httpJSON("\(nodes[1].base)/api/nodes", token: token) as? [String: Any]
        let listed = answer?["nodes"] as? [[String: Any]] ?? []
        #expect(answer?["shared"] as? Bool == true && listed.map { $0["id"] as? String } == ["a", "b", "c"], "\(String(describing: answer))")
        #expect(listed.allSatisfy { ($0["cameras"] as? [Any])?.count == 2 }, "\(listed)")
        let status = try await SharpEyesBinary.run(["status", "--nodes", "--url", nodes[0].base], environment: ["SHARPEYES_TOKEN=\(token)"])
        #expect(status.status == 0 && status.stdout.contains("epoch 1") && status.stdout.contains("\na\t"), "\(status.stdout)\(status.stderr)")
        let metrics = await httpGet("\(nodes[0].base)/metrics", token: token)
        #expect(metrics.body.contains("sharpeyes_leases_held 2"), "\(metrics.body.split(separator: "\n").filter { $0.contains("lease") })")
    }

    /// The camera ids each node's status API lists, sorted.
    private static func running(_ nodes: [PostgresNode], token: String) async -> [[String]] {
        var lists: [[String]] = []
        for node in nodes {
            let json = await httpJSON("\(node.base)/api/cameras", token: token) as? [[String: Any]] ?? []
            lists.append(json.compactMap { $0["id"] as? String }.sorted())
        }
        return lists
    }

    private static func leases(_ database: PostgresTestDatabase) async throws -> [SharedCamera] {
        try await PostgresStore.withStore(database.configuration, logger: quietLogger, migrate: false) { try await $0.sharedCameras() }
    }

    /// A config file whose cameras are `count` looped copies of a clip (the Hamilton clip, for motion), in real time.
    private static func cameraFile(in directory: URL, count: Int, url: String = Fixtures.hamilton,
                                   stages: String = "motion") throws -> URL {
        let file = directory.appendingPathComponent("cameras.yaml")
        let cameras = (1...count).map { "  - {id: cam-\($0), kind: file, url: \(url), loop: true, realtime: true, stages: [\(stages)]}" }
        let yaml = "storage: {database: \(directory.path)/unused.sqlite}\ncameras:\n" + cameras.joined(separator: "\n") + "\n"
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        return file
    }
}
