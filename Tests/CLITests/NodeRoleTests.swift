import Foundation
import TestSupport
import Testing

/// A node's roles decide what `serve` runs: an API node serves history and the console but opens no camera; an
/// analysis node runs its cameras and answers only health, metrics and camera status.
@Suite(.childProcesses)
struct NodeRoleTests {
    private static let camera = "  - {id: stage, kind: file, url: \(Fixtures.hamilton), loop: true, stages: [motion]}"

    @Test func anAPINodeOpensNoCamera() async throws {
        let server = try await ServeTests.Server(cameras: Self.camera, extra: "\nnode: {id: api-1, roles: [api]}\n")
        #expect(await server.waitUntilServing(), "\(server.child.stderr)")
        #expect(await server.cameras().isEmpty, "no camera runs on an API node")
        #expect(await httpGet("\(server.base)/api/incidents", token: server.token).status == 200)
        #expect(await httpGet("\(server.base)/").status == 200, "the console is served")
        #expect(await server.stop() == 0)
        #expect(server.child.stderr.contains("node api-1 (api): serving 0 camera(s)"), "\(server.child.stderr)")
    }

    @Test func anAnalysisNodeServesNoAPI() async throws {
        let server = try await ServeTests.Server(cameras: Self.camera, extra: "\nnode: {id: det-1, roles: [analysis]}\n")
        #expect(await server.waitUntilServing(), "\(server.child.stderr)")
        #expect(await server.cameras()["stage"] != nil, "the camera runs")
        #expect(await httpGet("\(server.base)/api/incidents", token: server.token).status == 404)
        #expect(await httpGet("\(server.base)/").status == 404, "no console")
        #expect(await httpGet("\(server.base)/health").status == 200)
        #expect(await httpGet("\(server.base)/metrics").status == 401, "metrics still need a token")
        let metrics = await httpGet("\(server.base)/metrics", token: server.token)
        #expect(metrics.status == 200 && metrics.body.contains(#"sharpeyes_node_info{node="det-1",roles="analysis"} 1"#),
                "\(metrics.body.prefix(600))")
        #expect(await server.stop() == 0)
    }

    @Test func anAPINodeShowsAnAnalysisNodesIncidentLive() async throws {
        let analysis = try await ServeTests.Server(cameras: """
              - {id: gate, kind: file, url: \(Fixtures.path("plates/slideshow.mp4")), realtime: true, stages: [plates]}
            """, extra: "\nnode: {id: det-1, roles: [analysis]}\n") { db in
            let listed = try await SharpEyesBinary.run(["watchlist", "add-plate", "川A095Q5", "--reason", "stolen", "--db", db])
            try #require(listed.status == 0, "\(listed.stderr)")
        }
        let api = try await ServeTests.Server(cameras: "  []", extra: "\nnode: {id: api-1, roles: [api]}\n", database: analysis.db)
        #expect(await api.waitUntilServing(), "\(api.child.stderr)")
        let feed = try await ChildProcess.start("/usr/bin/curl", ["-s", "-N", "-m", "90", "-H", "Authorization: Bearer \(api.token)",
                                                                 "\(api.base)/api/events"])
        #expect(await feed.waitUntil(10) { $0.stdout.contains(": connected") })
        #expect(await analysis.waitUntilServing(), "\(analysis.child.stderr)")
        #expect(await feed.waitUntil(90) { $0.stdout.contains("event: incident") && $0.stdout.contains("川A095Q5") },
                "the API node's feed carries the analysis node's incident: \(analysis.child.stderr.suffix(800))")
        await feed.kill()
        let listed = await httpJSON("\(api.base)/api/incidents?camera=gate", token: api.token) as? [String: Any]
        #expect((listed?["items"] as? [[String: Any]])?.first?["plate"] as? String == "川A095Q5")
        #expect(await analysis.stop() == 0)
        #expect(await api.stop() == 0)
    }
}
