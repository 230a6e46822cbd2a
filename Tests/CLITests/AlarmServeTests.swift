import Foundation
import GRDB
import TestSupport
import Testing

/// Alarms under `sharpeyes serve`: a GB/T 28181 device's alarm input and a one-button alarm over the API become
/// incidents of type alarm, dispatched by the config's rule.
@Suite(.serialized, .childProcesses)
struct AlarmServeTests {
    static let alarmInput = "34020000001340000001"

    static func config(sipPort: Int) -> String {
        GB28181ServeTests.section(sipPort: sipPort, channel: ", recording: {mode: events, pre_roll: 2, post_roll: 3}") + """

        forces:
          - {id: patrol-11, name: Patrol car 11, type: patrol, position: [45.762, 126.652]}
          - {id: post-daoli, name: Daoli police post, type: police_post, position: [45.765, 126.660]}
          - {id: centre, name: Command centre, type: command_centre}
        rules:
          - {name: alarms, when: {kind: alarm}, send: [{type: patrol, units: 1}, {type: police_post, units: 1}, {type: command_centre}],
             acknowledge_within: 60}
        alarms:
          devices:
            - {id: "\(alarmInput)", name: 剧场门口报警输入, kind: door_contact, camera: "\(GB28181ServeTests.channel)"}
            - {id: school-12, name: 第十二中学一键报警, position: [45.7605, 126.648], camera: "\(GB28181ServeTests.channel)"}
        """
    }

    @Test func aDevicesAlarmAndAnAPIAlarmAreDispatchedIncidents() async throws {
        let sipPort = freePort()
        let server = try await ServeTests.Server(cameras: "  []", extra: Self.config(sipPort: sipPort), environment: ["GB_PASSWORD=gb-Pa55word"])
        #expect(await server.waitUntilServing(), "\(server.child.stderr)")
        let camera = try await GB28181ServeTests.camera(sipPort: sipPort, ["--alarm-after", "3"])
        defer { camera.signal(SIGKILL) }
        let raised = await server.child.waitUntil(60) { _ in
            ((try? server.rows("SELECT id FROM incident WHERE type = 'alarm'")) ?? []).count == 1
        }
        #expect(raised, "no alarm incident: \(camera.stdout) \(server.child.stderr.suffix(3000))")
        #expect(camera.stdout.contains("alarm confirmed 9001 OK"), "\(camera.stdout)")
        let incident = try #require(try server.rows("SELECT id, cameraId, subject, latitude FROM incident WHERE type = 'alarm'").first)
        #expect(incident["subject"] as String == "剧场门口报警输入" && incident["cameraId"] as String == GB28181ServeTests.channel)
        #expect(incident["latitude"] as Double == 45.757, "at the device's reported position")
        let forces = try server.rows("SELECT forceId FROM dispatchOrder WHERE incidentId = \(incident["id"] as Int64)").map { $0["forceId"] as String }
        #expect(Set(forces) == ["patrol-11", "post-daoli", "centre"], "\(forces)")

        let created = try await SharpEyesBinary.run(["token", "create", "--db", server.db, "--role", "device", "--name", "school-12 button",
                                                     "--force", "school-12"])
        let secret = try #require(created.stdout.split(separator: "\n").last.map(String.init), "\(created.stderr)")
        let time = ISO8601DateFormatter().string(from: Date())
        let posted = await http("POST", "\(server.base)/api/alarms", token: secret, headers: ["Content-Type: application/json"],
                                 body: #"{"device":"school-12","time":"\#(time)"}"#)
        #expect(posted.status == 201, "\(posted.body)")
        let replayed = await http("POST", "\(server.base)/api/alarms", token: secret, headers: ["Content-Type: application/json"],
                                   body: #"{"device":"school-12","time":"\#(time)"}"#)
        #expect(replayed.status == 409, "\(replayed.body)")
        #expect(try server.rows("SELECT id FROM incident WHERE type = 'alarm'").count == 2)
        // The camera's picture of that moment, from its newest keyframe, is the alarm's snapshot.
        let snapshot = try #require(try server.rows("SELECT snapshotPath FROM sighting WHERE kind = 'alarm' AND label = 'school-12'").first)
        let path: String? = snapshot["snapshotPath"]
        let jpeg = try Data(contentsOf: URL(fileURLWithPath: try #require(path, "no picture of the camera")))
        #expect(jpeg.starts(with: [0xFF, 0xD8]) && jpeg.count > 2_000, "\(jpeg.count) bytes")
        // And its video: the camera records incidents' clips, so each alarm's incident gets one around its moment.
        let clipped = await server.child.waitUntil(60) { _ in
            ((try? server.rows("SELECT c.incidentId FROM incidentClip c JOIN incident i ON i.id = c.incidentId WHERE i.type = 'alarm'")) ?? []).count == 2
        }
        #expect(clipped, "both alarms' incidents have a clip: \(server.child.stderr.suffix(3000))")
        for clip in try server.rows("SELECT path, seconds, hitOffset FROM incidentClip") {
            let probe = try await ClipProbe(clip["path"])
            #expect(probe.startsOnKeyframe && probe.duration > 2, "\(clip["path"] as String): \(probe.duration) s")
            #expect((clip["hitOffset"] as Double) > 0, "the alarm's moment lies inside its clip")
        }
        #expect(await server.stop() == 0, "\(server.child.stderr.suffix(2000))")
    }
}
