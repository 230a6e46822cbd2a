import Foundation
import GRDB
import TestSupport
import Testing

/// A gate camera that watches one lane says which way everyone passes (`direction: in | out`, #25): every access
/// record carries it, the community's API shows it, and an unregistered vehicle leaving at night raises nothing (the
/// night rule is about vehicles entering). The plate slideshow at an exit lane, with the real plate model; the
/// community's night is made "now" by its own hours.
@Suite(.serialized, .childProcesses)
struct GateDirectionServeTests {
    static func config(direction: String, mode: String = "access", recording: String = "") -> String {
        let hour = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: Date()).hour ?? 0
        return """
              - {id: garage-exit, kind: file, url: \(Fixtures.path("plates/slideshow.mp4")), stages: [plates], sampling: {fps: 5},
                 mode: \(mode), direction: \(direction)\(recording)}
            forces:
              - {id: grid-yuyuan, name: 裕园网格员, type: grid_worker, grid: Y}
            grids:
              - {id: Y, name: 裕园, polygon: [[126.60, 45.74], [126.70, 45.74], [126.70, 45.78], [126.60, 45.78]]}
            rules:
              - {name: community gates, when: {watchlist: [unregistered_vehicle_at_night]}, send: [{type: grid_worker}]}
            communities:
              - {id: yuyuan, name: 裕园小区, grid: Y, gates: [garage-exit], time_zone: UTC, night: [\(hour), \((hour + 2) % 24)]}

            """
    }

    @Test func anExitLanesPassagesAreLeavingAndRaiseNoNightIncident() async throws {
        let server = try await ServeTests.Server(cameras: Self.config(direction: "out"))
        #expect(await server.waitUntilServing(), "\(server.child.stderr)")
        let finished = await server.child.waitUntil(300) { _ in await server.cameras()["garage-exit"]?["state"] as? String == "finished" }
        #expect(finished, "\(server.child.stderr.suffix(3000))")
        let passages = try server.rows("SELECT direction, outcome, plate, incidentId FROM accessRecord")
        #expect(!passages.isEmpty && passages.allSatisfy { ($0["direction"] as String?) == "leaving" }, "\(passages)")
        #expect(passages.contains { ($0["outcome"] as String) == "stranger" }, "unregistered cars left: \(passages)")
        #expect(passages.allSatisfy { ($0["incidentId"] as Int64?) == nil }, "leaving at night is no rule's: \(passages)")
        #expect(try server.rows("SELECT id FROM incident").isEmpty)
        let listed = await http("GET", "\(server.base)/api/communities/yuyuan/passages", token: server.token)
        #expect(listed.status == 200 && listed.body.contains(#""direction":"leaving""#), "\(listed.body.prefix(300))")
        #expect(await server.stop() == 0, "\(server.child.stderr.suffix(2000))")
    }

    /// The entry lane at night, keeping incidents' clips: each unregistered car entering is an incident whose clip
    /// holds its passage, as a watchlist hit's would (a gate writes through the community's store, its video still to
    /// the SQLite store).
    @Test func anEntryLanesNightIncidentsHaveClips() async throws {
        let server = try await ServeTests.Server(cameras: Self.config(direction: "in", recording: ", recording: {mode: events, pre_roll: 2, post_roll: 2}"))
        #expect(await server.waitUntilServing(), "\(server.child.stderr)")
        let finished = await server.child.waitUntil(300) { _ in await server.cameras()["garage-exit"]?["state"] as? String == "finished" }
        #expect(finished, "\(server.child.stderr.suffix(3000))")
        let incidents = try server.rows("SELECT id FROM incident WHERE watchlist = 'unregistered_vehicle_at_night'").map { $0["id"] as Int64 }
        #expect(!incidents.isEmpty, "\(server.child.stderr.suffix(3000))")
        let entering = try server.rows("SELECT direction FROM accessRecord").map { $0["direction"] as String? }
        #expect(!entering.isEmpty && entering.allSatisfy { $0 == "entering" }, "\(entering)")
        let clipped = await server.child.waitUntil(60) { _ in
            Set(((try? server.rows("SELECT incidentId FROM incidentClip")) ?? []).map { $0["incidentId"] as Int64 }) == Set(incidents)
        }
        #expect(clipped, "every night incident has its clip: \(server.child.stderr.suffix(3000))")
        for clip in try server.rows("SELECT path, hitOffset FROM incidentClip") {
            let probe = try await ClipProbe(clip["path"])
            #expect(probe.startsOnKeyframe && probe.duration > 1, "\(clip["path"] as String): \(probe.duration) s")
            #expect((clip["hitOffset"] as Double) >= 0, "the passage lies inside its clip")
        }
        #expect(await server.stop() == 0, "\(server.child.stderr.suffix(2000))")
    }

    @Test func aDirectionIsAGatesInOrOut() async throws {
        let folder = try temporaryDirectory("direction-config")
        func check(_ cameras: String) async throws -> (status: Int32, stdout: String, stderr: String) {
            let path = folder.appendingPathComponent("sharpeyes.yaml").path
            try ServeTests.Server.yaml(db: folder.appendingPathComponent("db.sqlite").path, port: 1, cameras: cameras)
                .write(toFile: path, atomically: true, encoding: .utf8)
            return try await SharpEyesBinary.run(["config", "check", path])
        }
        let valid = try await check(Self.config(direction: "in"))
        #expect(valid.status == 0 && valid.stdout.contains("gates garage-exit (entering)"), "\(valid.stdout) \(valid.stderr)")
        let sideways = try await check(Self.config(direction: "sideways"))
        #expect(sideways.status == 1 && sideways.stderr.contains("cameras[0].direction") && sideways.stderr.contains("expected in or out"),
                "\(sideways.stderr)")
        let watching = try await check(Self.config(direction: "in", mode: "watch"))
        #expect(watching.status == 1 && watching.stderr.contains("is not a gate (mode: access)"), "\(watching.stderr)")
    }
}
