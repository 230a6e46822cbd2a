import Foundation
import TestSupport
import Testing

/// 3 nodes, 30 looped file cameras (the Hamilton clip, motion only, sampled at 2 fps so two cores keep up in a debug
/// build), the nodes joining, leaving and coming back so cameras move between them (by hand-over and by release):
/// from the database, the cameras are held by exactly one node each, in fair shares, and no camera has sightings of
/// two epochs (two leases) overlapping in time. The clip moves throughout, so each lease's motion event lasts until
/// its camera stops and is written then: each epoch's sighting spans its whole run on its node.
@Suite(.childProcesses)
struct CameraOverlapTests {
    private static let cameras = 30

    @Test func thirtyCamerasOnThreeNodesEachRunOnExactlyOneNodeAtATime() async throws {
        try await PostgresCluster.shared().withDatabase { database in
            let nodes = try ["a", "b", "c"].map { id in
                try PostgresNode(database: database, cameras: "  []", storage: "  cameras_from: database\n  lease_seconds: 6",
                                 extra: "\nnode: {id: \(id), capacity: 15, roles: [analysis, api]}\n")
            }
            let file = try Self.cameraFile(in: nodes[0].directory)
            let imported = try await SharpEyesBinary.run(["cameras", "import", file.path, "--storage", nodes[0].config.path],
                                                         environment: nodes[0].environment)
            try #require(imported.status == 0, "\(imported.stderr)")
            let started = ContinuousClock.now
            // a takes its capacity, b the rest; c joins and takes its share from both by hand-over; a stops (its
            // cameras released after they drained) and b and c take them; a comes back and takes its share again.
            var servers: [ChildProcess] = []
            defer { for server in servers { server.signal(SIGKILL) } }
            for (index, node) in nodes.enumerated() {
                servers.append(try await node.startServing())
                try await Self.expectHeld(database, [["a": 15], ["a": 15, "b": 15], ["a": 10, "b": 10, "c": 10]][index])
            }
            servers[0].signal(SIGTERM)
            #expect(await servers[0].exit(timeout: 90) == 0, "\(servers[0].stderr.suffix(800))")
            try await Self.expectHeld(database, ["b": 15, "c": 15])
            servers[0] = try await nodes[0].startServing()
            try await Self.expectHeld(database, ["a": 10, "b": 10, "c": 10])
            // Every camera analyses a few frames under its last lease; stopping all writes the last events.
            let token = try await nodes[0].createToken()
            var analysed: [(camera: String, frames: Int)] = []
            let running = await waitUntil(120) {
                analysed = await Self.framesAnalysed(nodes, token: token)
                return analysed.count == Self.cameras && analysed.allSatisfy { $0.frames >= 4 }
            }
            #expect(running, "every camera analyses frames on exactly one node: \(analysed)")
            #expect(Set(analysed.map(\.camera)).count == analysed.count, "no camera runs on two nodes: \(analysed)")
            for server in servers { server.signal(SIGTERM) }
            for server in servers { #expect(await server.exit(timeout: 90) == 0, "\(server.stderr.suffix(800))") }
            try await Self.expectNoOverlap(database)
            print("30 cameras on 3 nodes: \(String(format: "%.0f", seconds(since: started))) s from the first start to all stopped")
        }
    }

    /// Waits until the nodes hold `expected` live leases each (from the database); fails the test with what they hold.
    private static func expectHeld(_ database: PostgresTestDatabase, _ expected: [String: Int]) async throws {
        var held: [String: Int] = [:]
        let settled = try await waitUntil(120) {
            held = try await Self.held(database)
            return held == expected
        }
        try #require(settled, "cameras held by each node: \(held), expected \(expected)")
    }

    /// The cameras running on the nodes and the frames each analysed, from every node's status API.
    private static func framesAnalysed(_ nodes: [PostgresNode], token: String) async -> [(camera: String, frames: Int)] {
        var counts: [(camera: String, frames: Int)] = []
        for node in nodes {
            let cameras = await httpJSON("\(node.base)/api/cameras", token: token) as? [[String: Any]] ?? []
            counts += cameras.map { ($0["id"] as? String ?? "?", $0["frames_analysed"] as? Int ?? 0) }
        }
        return counts
    }

    /// How many live leases each node holds, from the database.
    private static func held(_ database: PostgresTestDatabase) async throws -> [String: Int] {
        let rows = try await database.textRows("""
            SELECT "nodeId", count(*)::text FROM "sharedCamera" WHERE "nodeId" IS NOT NULL AND "expiresAt" > now() GROUP BY "nodeId"
            """)
        return Dictionary(uniqueKeysWithValues: rows.compactMap { row in row[0].map { ($0, Int(row[1] ?? "") ?? 0) } })
    }

    /// No two sightings of one camera under different epochs overlap in time; every camera has sightings, and some
    /// moved (sightings of two epochs), or the check proves nothing.
    private static func expectNoOverlap(_ database: PostgresTestDatabase) async throws {
        let overlaps = try await database.textRows("""
            SELECT s1."cameraId", s1."epoch"::text, s2."epoch"::text, s1."firstSeen"::text, s1."lastSeen"::text,
                s2."firstSeen"::text, s2."lastSeen"::text
            FROM "sighting" s1 JOIN "sighting" s2 ON s2."cameraId" = s1."cameraId" AND s2."epoch" > s1."epoch"
                AND s1."firstSeen" <= s2."lastSeen" AND s2."firstSeen" <= s1."lastSeen"
            LIMIT 10
            """)
        #expect(overlaps.isEmpty, "sightings of two epochs of one camera overlap in time: \(overlaps)")
        let epochs = try await database.textRows("""
            SELECT "cameraId", count(DISTINCT "epoch")::text, count(*)::text FROM "sighting" GROUP BY "cameraId"
            """)
        let moved = epochs.filter { Int($0[1] ?? "") ?? 0 > 1 }.count
        let sightings = epochs.compactMap { Int($0[2] ?? "") }.reduce(0, +)
        print("cameras with sightings: \(epochs.count) of \(cameras); under two or more epochs: \(moved); sightings: \(sightings)")
        #expect(epochs.count == cameras, "every camera was analysed and wrote sightings: \(epochs)")
        #expect(moved >= 10, "cameras moved between nodes, so the check compares epochs: \(epochs)")
        let unowned = try await database.textRows(#"SELECT "id" FROM "sharedCamera" WHERE "epoch" < 1"#)
        #expect(unowned.isEmpty, "every camera was claimed: \(unowned)")
    }

    /// The 30 cameras: the Hamilton clip looped in real time, motion only, 2 frames a second.
    private static func cameraFile(in directory: URL) throws -> URL {
        let file = directory.appendingPathComponent("cameras.yaml")
        let entries = (1...cameras).map {
            "  - {id: cam-\($0), kind: file, url: \(Fixtures.hamilton), loop: true, realtime: true, stages: [motion], sampling: {fps: 2}}"
        }
        try ("storage: {database: \(directory.path)/unused.sqlite}\ncameras:\n" + entries.joined(separator: "\n") + "\n")
            .write(to: file, atomically: true, encoding: .utf8)
        return file
    }
}
