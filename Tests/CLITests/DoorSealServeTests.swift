import Foundation
import GRDB
import TestSupport
import Testing

/// Door seals under the real `serve` (#25), on a real SQLite file and the real HTTP server: a seal on a watched
/// resident's unit that reports its door opened (`POST /api/alarms` with the seal's own token) raises the same
/// key-person incident as the resident seen at a gate, to the community's grid worker and volunteer with no identity
/// for them, and nothing to the patrol; a seal on a unit whose watch has ended, or where nobody is registered, stays a
/// plain alarm for the patrol and the command centre.
@Suite(.serialized, .childProcesses)
struct DoorSealServeTests {
    /// A gate (disabled: the community needs one, the test no video there) and a lobby camera the alarms are placed at.
    static let cameras = """
          - {id: gate-north, kind: file, url: \(Fixtures.hamilton), stages: [faces], mode: access, enabled: false}
          - {id: lobby, kind: file, url: \(Fixtures.hamilton), loop: true, stages: [motion], position: [45.7601, 126.6501]}
        """

    /// The community's rule comes before the alarms' rule: the first rule an incident meets sends it, and a sealed
    /// door's key-person incident is of kind alarm too.
    static func sections(webhook: String) -> String {
        """

        forces:
          - {id: grid-yuyuan, name: 裕园网格员, type: grid_worker, grid: Y, webhook: {url: "\(webhook)/grid", secret: 0123456789abcdef0123}}
          - {id: volunteer-1, name: 志愿者一, type: volunteer, grid: Y, webhook: {url: "\(webhook)/volunteer", secret: 0123456789abcdef0123}}
          - {id: patrol-11, name: Patrol car 11, type: patrol, position: [45.762, 126.652]}
          - {id: centre, name: Command centre, type: command_centre}
        grids:
          - {id: Y, name: 裕园, polygon: [[126.60, 45.74], [126.70, 45.74], [126.70, 45.78], [126.60, 45.78]]}
        rules:
          - {name: community watch, when: {watchlist: [key_person_left]}, send: [{type: grid_worker}, {type: volunteer}]}
          - {name: alarms, when: {kind: alarm}, send: [{type: patrol, units: 1}, {type: command_centre}]}
        communities:
          - {id: yuyuan, name: 裕园小区, grid: Y, gates: [gate-north], time_zone: UTC}
        alarms:
          devices:
            - {id: seal-501, name: 3-2-501 门磁, kind: door_seal, community: yuyuan, unit: 3-2-501, camera: lobby, position: [45.7602, 126.6502]}
            - {id: seal-302, name: 5-1-302 门磁, kind: door_seal, community: yuyuan, unit: 5-1-302, camera: lobby}
            - {id: seal-999, name: 9-9-999 门磁, kind: door_seal, community: yuyuan, unit: 9-9-999, camera: lobby}

        """
    }

    /// Miranda (3-2-501) under watch until tomorrow; Lacamoire (5-1-302) whose watch ended an hour ago.
    static func registerFolder() throws -> URL {
        let folder = try temporaryDirectory("seal-register")
        let iso = ISO8601DateFormatter(), now = Date()
        try """
            name,unit,photo
            Lin-Manuel Miranda,3-2-501,\(Fixtures.path("faces/probes/lin-manuel-miranda.png"))
            Alex Lacamoire,5-1-302,\(Fixtures.path("faces/probes/alex-lacamoire.png"))
            """.write(to: folder.appendingPathComponent("residents.csv"), atomically: true, encoding: .utf8)
        try """
            resident,until
            Lin-Manuel Miranda,\(iso.string(from: now.addingTimeInterval(86_400)))
            Alex Lacamoire,\(iso.string(from: now.addingTimeInterval(-3600)))
            """.write(to: folder.appendingPathComponent("watch.csv"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test func aWatchedUnitsSealRaisesTheKeyPersonIncidentOthersStayAlarms() async throws {
        let receiver = try WebhookReceiver()
        let sections = Self.sections(webhook: "http://127.0.0.1:\(receiver.port)")
        let register = try Self.registerFolder()
        let server = try await ServeTests.Server(cameras: Self.cameras, extra: sections) { db in
            let config = URL(fileURLWithPath: db).deletingLastPathComponent().appendingPathComponent("import.yaml")
            try (ServeTests.Server.yaml(db: db, port: 1, cameras: Self.cameras) + sections).write(to: config, atomically: true, encoding: .utf8)
            let imported = try await SharpEyesBinary.run(["community", "import", "--storage", config.path, "yuyuan", register.path])
            try #require(imported.status == 0, "\(imported.stdout) \(imported.stderr)")
        }
        #expect(await server.waitUntilServing(), "\(server.child.stderr)")
        // The log reaches the test through a pipe: READY=1 can come before the lines logged ahead of it.
        #expect(await server.child.waitUntil(30) { $0.stderr.contains("door seal seal-999 seals unit 9-9-999 of community yuyuan, where nobody is registered") },
                "a seal on an empty unit is warned of at start: \(server.child.stderr.suffix(2000))")
        // The alarms are placed at the lobby camera: its row is written once it runs.
        let running = await server.child.waitUntil(60) { _ in ((try? server.rows("SELECT id FROM camera WHERE id = 'lobby'")) ?? []).count == 1 }
        #expect(running, "\(server.child.stderr.suffix(2000))")

        func opened(_ device: String) async throws -> (status: Int, body: String) {
            let created = try await SharpEyesBinary.run(["token", "create", "--db", server.db, "--role", "device", "--name", "\(device) seal",
                                                         "--force", device])
            let secret = try #require(created.stdout.split(separator: "\n").last.map(String.init), "\(created.stderr)")
            let posted = await http("POST", "\(server.base)/api/alarms", token: secret, headers: ["Content-Type: application/json"],
                                    body: #"{"device":"\#(device)","kind":"door_seal","time":"\#(ISO8601DateFormatter().string(from: Date()))"}"#)
            return (posted.status, posted.body)
        }
        func orders(_ incident: Int64) throws -> Set<String> {
            Set(try server.rows("SELECT forceId FROM dispatchOrder WHERE incidentId = \(incident)").map { $0["forceId"] as String })
        }

        // Miranda's door opened: the key-person incident, to the grid worker and the volunteer, never the patrol.
        let watched = try await opened("seal-501")
        #expect(watched.status == 201, "\(watched.body)")
        let keyPerson = try #require(try server.rows("""
            SELECT id, type, kind, subject, cameraId, latitude, sightingId FROM incident WHERE watchlist = 'key_person_left'
            """).first, "\(server.child.stderr.suffix(2000))")
        let keyPersonID: Int64 = keyPerson["id"]
        #expect(keyPerson["type"] as String == "gate_rule" && keyPerson["kind"] as String == "alarm", "\(keyPerson)")
        #expect(keyPerson["subject"] as String == "Lin-Manuel Miranda (3-2-501)" && keyPerson["cameraId"] as String == "lobby")
        #expect(keyPerson["latitude"] as Double == 45.7602, "at the seal's position")
        #expect(try orders(keyPersonID) == ["grid-yuyuan", "volunteer-1"])
        let sighting = try #require(try server.rows("SELECT kind, label FROM sighting WHERE id = \(keyPerson["sightingId"] as Int64)").first)
        #expect(sighting["kind"] as String == "alarm" && sighting["label"] as String == "seal-501", "the alarm is its sighting")
        let keys = Set(try server.rows("SELECT id FROM dispatchOrder WHERE incidentId = \(keyPersonID)").map { $0["id"] as String })
        let delivered = await server.child.waitUntil(60) { _ in
            Set(receiver.received.filter { keys.contains($0.idempotencyKey ?? "") }.map(\.path)) == ["/grid", "/volunteer"]
        }
        #expect(delivered, "\(receiver.received.map(\.path)) \(server.child.stderr.suffix(2000))")
        for message in receiver.received {
            let body = String(decoding: message.body, as: UTF8.self)
            #expect(!body.contains("Miranda") && !body.contains("3-2-501") && !body.contains("key_person_left"), "\(message.path): \(body)")
        }

        // Lacamoire's watch has ended, and nobody lives in 9-9-999: plain alarms, to the patrol and the centre.
        for device in ["seal-302", "seal-999"] {
            let plain = try await opened(device)
            #expect(plain.status == 201, "\(device): \(plain.body)")
            let incident = try #require(try server.rows("""
                SELECT i.id, i.type, i.watchlist FROM incident i JOIN sighting s ON s.id = i.sightingId WHERE s.label = '\(device)'
                """).first, "\(device)")
            #expect(incident["type"] as String == "alarm" && (incident["watchlist"] as String?) == nil, "\(device): \(incident)")
            #expect(try orders(incident["id"]) == ["patrol-11", "centre"], "\(device)")
        }
        #expect(try server.rows("SELECT id FROM incident WHERE watchlist = 'key_person_left'").count == 1)
        #expect(try server.rows("SELECT id FROM dispatchOrder WHERE forceId = 'patrol-11'").count == 2, "the patrol never had the seal")
        #expect(await server.stop() == 0, "\(server.child.stderr.suffix(2000))")
    }

    /// A seal names a configured community and both its community and unit, and only a door seal seals a unit.
    @Test(arguments: [
        ("community: elsewhere, unit: 3-2-501", "no community 'elsewhere' in communities:"),
        ("unit: 3-2-501", "names both the community and the unit it seals"),
        ("community: yuyuan", "names both the community and the unit it seals"),
    ])
    func aSealsCommunityAndUnitAreChecked(keys: String, message: String) async throws {
        try await refused(device: "{id: seal-1, kind: door_seal, camera: lobby, \(keys)}", message: message)
    }

    @Test func onlyADoorSealSealsAUnit() async throws {
        try await refused(device: "{id: button-1, kind: one_button, camera: lobby, community: yuyuan, unit: 3-2-501}",
                          message: "only a kind: door_seal device seals a unit")
    }

    /// The alarms' rule first would send a watched unit's seal to the patrol: refused, naming the rule.
    @Test func aRuleForEveryAlarmBeforeTheCommunitysIsRefused() async throws {
        let folder = try temporaryDirectory("seal-rules")
        let path = folder.appendingPathComponent("sharpeyes.yaml").path
        let community = "  - {name: community watch, when: {watchlist: [key_person_left]}, send: [{type: grid_worker}, {type: volunteer}]}\n"
        let alarms = "  - {name: alarms, when: {kind: alarm}, send: [{type: patrol, units: 1}, {type: command_centre}]}\n"
        let sections = Self.sections(webhook: "http://127.0.0.1:9")
        #expect(sections.contains(community + alarms))
        try (ServeTests.Server.yaml(db: folder.appendingPathComponent("db.sqlite").path, port: 1, cameras: Self.cameras)
             + sections.replacingOccurrences(of: community + alarms, with: alarms + community)).write(toFile: path, atomically: true, encoding: .utf8)
        let check = try await SharpEyesBinary.run(["config", "check", path])
        #expect(check.status == 1 && check.stderr.contains("rule 'alarms' would dispatch door seal 'seal-501'"), "\(check.stderr)")
        #expect(check.stderr.contains("list a rule with when: {watchlist: [key_person_left]} before it"), "\(check.stderr)")
    }

    private func refused(device: String, message: String) async throws {
        let folder = try temporaryDirectory("seal-config")
        let path = folder.appendingPathComponent("sharpeyes.yaml").path
        let sections = Self.sections(webhook: "http://127.0.0.1:9").components(separatedBy: "  devices:\n")[0]
        try (ServeTests.Server.yaml(db: folder.appendingPathComponent("db.sqlite").path, port: 1, cameras: Self.cameras) + sections
             + "  devices:\n    - \(device)\n").write(toFile: path, atomically: true, encoding: .utf8)
        let check = try await SharpEyesBinary.run(["config", "check", path])
        #expect(check.status == 1 && check.stderr.contains(message), "\(check.stderr)")
        #expect(check.stderr.contains("alarms.devices[0]"), "the error names its field: \(check.stderr)")
    }
}
