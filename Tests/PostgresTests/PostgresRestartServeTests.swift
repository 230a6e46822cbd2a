import Foundation
import TestSupport
import Testing

/// PostgreSQL restarted under a running `serve` (its own cameras, not leased ones, which stop by design once their
/// lease cannot be trusted): the camera keeps decoding, the sightings it makes while the server is down wait and
/// retry (each retry logged), and they land once it is back: none is lost.
@Suite(.childProcesses)
struct PostgresRestartServeTests {
    @Test func writesMadeWhileItRestartsLandAndNoneIsLost() async throws {
        let cluster = try await PostgresCluster.startPrivate()
        try await cluster.withDatabase { database in
            let node = try PostgresNode(database: database, cameras: """
                  - {id: gate, kind: file, url: \(Fixtures.path("plates/slideshow.mp4")), loop: true, realtime: true, stages: [plates]}
                """)
            let token = try await node.createToken()
            let server = try await node.start()
            defer { server.signal(SIGKILL) }
            let sightings = { await Self.count(of: "sightings", at: node, token: token) }
            let before = await server.waitUntil(120) { server in
                guard server.status == nil else { return true }
                return await sightings() ?? 0 >= 2
            }
            #expect(before && server.status == nil, "plates read before the restart: \(server.stderr.suffix(1500))")
            let atStop = await sightings() ?? 0
            try await cluster.stop()
            // Down until the camera's next sighting has found it down (and so is waiting to be tried again).
            let felt = await server.waitUntil(60) { server in server.stderr.contains("retrying in") }
            try await cluster.restart()
            #expect(felt, "a sighting made while PostgreSQL was down waited for it: \(server.stderr.suffix(1500))")
            let landed = await server.waitUntil(120) { _ in (await sightings() ?? 0) >= atStop + 3 }
            #expect(landed, "sightings land after the restart: \(server.stderr.suffix(1500))")
            let lost = await Self.count(of: "sightings_lost", at: node, token: token)
            #expect(lost == 0, "no sighting lost: \(server.stderr.suffix(1500))")
            #expect(!server.stderr.contains("cannot record a plate sighting:"), "none given up")
        }
    }

    /// A counter from the node's `/metrics`, summed over its labels (nil when the node does not answer).
    static func count(of name: String, at node: PostgresNode, token: String) async -> Int? {
        let metrics = await http("GET", "\(node.base)/metrics", token: token, timeout: 10)
        guard metrics.status == 200 else { return nil }
        return metrics.body.split(separator: "\n")
            .filter { $0.hasPrefix("sharpeyes_\(name)_total") }
            .compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }
            .reduce(0) { $0 + Int($1) }
    }
}
