import Foundation
import GRDB
import TestSupport
import Testing

/// A community's gates under the real `serve` (#25), with real footage and the real face and plate models: the
/// Hamilton clip at two face gates (Lin-Manuel Miranda a resident enrolled from another photo, Alex Lacamoire a
/// stranger), the plate slideshow at the garage gate at night (a visitor inside their pass, one after it, a
/// resident's car, unregistered cars), then a third gate after Miranda is put under watch. Night is made "now" by the
/// community's own hours and time zone, so the test holds at any time of day.
@Suite(.serialized, .childProcesses)
struct CommunityServeTests {
    static let residentsCSV = "name,unit,photo\nLin-Manuel Miranda,3-2-501,\(Fixtures.path("faces/probes/lin-manuel-miranda.png"))\n"

    /// The gate cameras: two face gates and the garage on real footage; the east gate starts disabled.
    static func cameras(eastEnabled: Bool) -> String {
        let hamilton = Fixtures.hamilton, slideshow = Fixtures.path("plates/slideshow.mp4")
        return """
              - {id: gate-north, kind: file, url: \(hamilton), stages: [faces], sampling: {fps: 5}, mode: access, position: [45.7601, 126.6501]}
              - {id: gate-south, kind: file, url: \(hamilton), stages: [faces], sampling: {fps: 5}, mode: access, position: [45.7602, 126.6502]}
              - {id: garage, kind: file, url: \(slideshow), stages: [plates], sampling: {fps: 5}, mode: access, position: [45.7603, 126.6503]}
              - {id: gate-east, kind: file, url: \(hamilton), stages: [faces], sampling: {fps: 5}, mode: access, position: [45.7604, 126.6504], enabled: \(eastEnabled)}
            """
    }

    /// The community's forces, grids, rule and settings; its night is the current UTC hour and the next.
    static func sections(webhook: String) -> String {
        let hour = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: Date()).hour ?? 0
        return """

            forces:
              - {id: grid-yuyuan, name: 裕园网格员, type: grid_worker, grid: Y, webhook: {url: "\(webhook)/grid", secret: 0123456789abcdef0123}}
              - {id: volunteer-1, name: 志愿者一, type: volunteer, grid: Y, webhook: {url: "\(webhook)/volunteer", secret: 0123456789abcdef0123}}
              - {id: patrol-11, name: Patrol car 11, type: patrol, position: [45.762, 126.652]}
            grids:
              - {id: Y, name: 裕园, polygon: [[126.60, 45.74], [126.70, 45.74], [126.70, 45.78], [126.60, 45.78]]}
              - {id: Z, name: 别处, polygon: [[126.00, 45.00], [126.10, 45.00], [126.10, 45.10]]}
            rules:
              - {name: community gates, when: {watchlist: [stranger_at_two_gates, unregistered_vehicle_at_night, visitor_pass_not_valid, key_person_left]},
                 send: [{type: grid_worker}, {type: volunteer}]}
            communities:
              - {id: yuyuan, name: 裕园小区, grid: Y, gates: [gate-north, gate-south, garage, gate-east], time_zone: UTC,
                 night: [\(hour), \((hour + 2) % 24)]}

            """
    }

    /// The register files: Miranda from a photo that is not the clip, cars and visitors' passes around now.
    static func registerFolder() throws -> URL {
        let folder = try temporaryDirectory("register")
        let now = Date(), iso = ISO8601DateFormatter()
        try residentsCSV.write(to: folder.appendingPathComponent("residents.csv"), atomically: true, encoding: .utf8)
        try "plate,unit\n辽BG0D80,5-1-302\n".write(to: folder.appendingPathComponent("vehicles.csv"), atomically: true, encoding: .utf8)
        try """
            name,host_unit,plate,photo,valid_from,valid_until
            访客甲,3-2-501,京FK5358,,\(iso.string(from: now.addingTimeInterval(-3600))),\(iso.string(from: now.addingTimeInterval(3600)))
            访客乙,5-1-302,黑A1R272,,\(iso.string(from: now.addingTimeInterval(-7200))),\(iso.string(from: now.addingTimeInterval(-3600)))
            """.write(to: folder.appendingPathComponent("visitors.csv"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test func residentsStrangersVisitorsAndAWatchedResidentAtTheGates() async throws {
        let receiver = try WebhookReceiver()
        let sections = Self.sections(webhook: "http://127.0.0.1:\(receiver.port)")
        let register = try Self.registerFolder()
        let server = try await ServeTests.Server(cameras: Self.cameras(eastEnabled: false), extra: sections) { db in
            let config = URL(fileURLWithPath: db).deletingLastPathComponent().appendingPathComponent("import.yaml")
            try (ServeTests.Server.yaml(db: db, port: 1, cameras: Self.cameras(eastEnabled: false)) + sections)
                .write(to: config, atomically: true, encoding: .utf8)
            let imported = try await SharpEyesBinary.run(["community", "import", "--storage", config.path, "yuyuan", register.path])
            try #require(imported.status == 0, "\(imported.stdout) \(imported.stderr)")
        }
        #expect(await server.waitUntilServing(), "\(server.child.stderr)")
        let finished = await server.child.waitUntil(300) { _ in
            let cameras = await server.cameras()
            return ["gate-north", "gate-south", "garage"].allSatisfy { cameras[$0]?["state"] as? String == "finished" }
        }
        #expect(finished, "\(server.child.stderr.suffix(3000))")
        let passages = try server.rows("SELECT cameraId, kind, outcome, residentId, plate, incidentId, rule FROM accessRecord ORDER BY id")
        let incidents = try server.rows("SELECT id, watchlist, subject, cameraId FROM incident WHERE type = 'gate_rule' ORDER BY id")

        // Miranda, enrolled from another photo, is a resident at both face gates and raises nothing.
        let miranda = passages.filter { ($0["residentId"] as Int64?) != nil && ($0["kind"] as String) == "face" }
        #expect(Set(miranda.map { $0["cameraId"] as String }) == ["gate-north", "gate-south"], "\(passages)")
        #expect(miranda.allSatisfy { ($0["incidentId"] as Int64?) == nil })
        // Alex, unknown, at two gates within the hour: one stranger incident, to the grid worker and the volunteer.
        let strangerIncidents = incidents.filter { ($0["watchlist"] as String) == "stranger_at_two_gates" }
        #expect(strangerIncidents.count == 1, "\(incidents)")
        if let stranger = strangerIncidents.first {
            let forces = try server.rows("SELECT forceId FROM dispatchOrder WHERE incidentId = \(stranger["id"] as Int64)").map { $0["forceId"] as String }
            #expect(Set(forces) == ["grid-yuyuan", "volunteer-1"], "\(forces)")
        }
        // The garage at night: a visitor inside their pass and a resident's car are records only; the expired pass and
        // each unregistered car raise an incident.
        let plates = Dictionary(passages.filter { ($0["kind"] as String) == "plate" }.map { ($0["plate"] as String? ?? "", $0) },
                                uniquingKeysWith: { first, _ in first })
        #expect(plates["京FK5358"].map { ($0["outcome"] as String) == "visitor" && ($0["incidentId"] as Int64?) == nil } == true, "\(plates)")
        #expect(plates["辽BG0D80"].map { ($0["outcome"] as String) == "resident" && ($0["incidentId"] as Int64?) == nil } == true)
        #expect(plates["黑A1R272"].map { ($0["rule"] as String?) == "visitor_pass_not_valid" && ($0["incidentId"] as Int64?) != nil } == true)
        let strangersCars = plates.values.filter { ($0["outcome"] as String) == "stranger" }
        #expect(!strangersCars.isEmpty && strangersCars.allSatisfy { ($0["rule"] as String?) == "unregistered_vehicle_at_night" }, "\(plates)")
        #expect(incidents.filter { ($0["watchlist"] as String) == "unregistered_vehicle_at_night" }.count == strangersCars.count)
        #expect(try server.rows("SELECT id FROM dispatchOrder WHERE forceId = 'patrol-11'").isEmpty, "never the police")
        try await watchedResident(server, receiver: receiver, sections: sections)
        try await communityAPI(server)
    }

    /// Miranda put under watch while `serve` runs (`watch.csv`), then seen at the east gate: an incident to the grid
    /// worker and the volunteer whose messages carry neither his name nor his unit; Alex, already reported, raises
    /// nothing new at a third gate.
    private func watchedResident(_ server: ServeTests.Server, receiver: WebhookReceiver, sections: String) async throws {
        let folder = try temporaryDirectory("watch")
        let until = ISO8601DateFormatter().string(from: Date().addingTimeInterval(86_400))
        try "resident,until\nLin-Manuel Miranda,\(until)\n".write(to: folder.appendingPathComponent("watch.csv"), atomically: true, encoding: .utf8)
        let importConfig = URL(fileURLWithPath: server.db).deletingLastPathComponent().appendingPathComponent("import.yaml")
        let imported = try await SharpEyesBinary.run(["community", "import", "--storage", importConfig.path, "yuyuan", folder.path])
        #expect(imported.status == 0 && imported.stdout.contains("1 watch(es)"), "\(imported.stdout) \(imported.stderr)")
        let reloaded = await server.child.waitUntil(30) { $0.stderr.contains("community yuyuan: register reloaded") }
        #expect(reloaded, "\(server.child.stderr.suffix(2000))")
        try (ServeTests.Server.yaml(db: server.db, port: server.port, cameras: Self.cameras(eastEnabled: true)) + sections)
            .write(to: server.config, atomically: true, encoding: .utf8)
        server.child.signal(SIGHUP)
        let raised = await server.child.waitUntil(180) { _ in
            ((try? server.rows("SELECT id FROM incident WHERE watchlist = 'key_person_left'")) ?? []).count >= 1
        }
        #expect(raised, "\(server.child.stderr.suffix(3000))")
        let incident = try #require(try server.rows("SELECT id, cameraId, subject FROM incident WHERE watchlist = 'key_person_left'").first)
        #expect(incident["cameraId"] as String == "gate-east")
        let id: Int64 = incident["id"]
        let orders = try server.rows("SELECT id, forceId FROM dispatchOrder WHERE incidentId = \(id)")
        #expect(Set(orders.map { $0["forceId"] as String }) == ["grid-yuyuan", "volunteer-1"], "\(orders)")
        let keys = Set(orders.map { $0["id"] as String })
        let delivered = await server.child.waitUntil(60) { _ in
            Set(receiver.received.filter { keys.contains($0.idempotencyKey ?? "") }.map(\.path)) == ["/grid", "/volunteer"]
        }
        #expect(delivered, "\(receiver.received.map(\.path))")
        for message in receiver.received {
            let body = String(decoding: message.body, as: UTF8.self)
            #expect(!body.contains("Miranda") && !body.contains("3-2-501") && !body.contains("key_person_left"), "\(message.path): \(body)")
        }
        let finished = await server.child.waitUntil(180) { _ in await server.cameras()["gate-east"]?["state"] as? String == "finished" }
        #expect(finished)
        #expect(try server.rows("SELECT id FROM incident WHERE watchlist = 'stranger_at_two_gates'").count == 1, "Alex was reported once")
    }

    /// The community's own role reads its passages, strangers and watch list; another grid's community token and
    /// other roles do not; every read is audited.
    private func communityAPI(_ server: ServeTests.Server) async throws {
        func token(_ arguments: [String]) async throws -> String {
            let created = try await SharpEyesBinary.run(["token", "create", "--db", server.db] + arguments)
            return try #require(created.stdout.split(separator: "\n").last.map(String.init), "\(created.stderr)")
        }
        let own = try await token(["--role", "community", "--name", "yuyuan office", "--grid", "Y", "--force", "grid-yuyuan"])
        let other = try await token(["--role", "community", "--name", "elsewhere", "--grid", "Z"])
        let dispatcher = try await token(["--role", "dispatcher", "--name", "ops"])
        let listed = await http("GET", "\(server.base)/api/communities", token: own)
        #expect(listed.status == 200 && listed.body.contains("\"id\":\"yuyuan\""), "\(listed)")
        #expect(await http("GET", "\(server.base)/api/communities", token: other).body.hasPrefix("[]"), "another grid's token sees none")
        #expect(await http("GET", "\(server.base)/api/communities", token: dispatcher).status == 403)
        let base = "\(server.base)/api/communities/yuyuan"
        let watch = await http("GET", "\(base)/watch", token: own)
        #expect(watch.status == 200 && watch.body.contains("Lin-Manuel Miranda") && watch.body.contains("3-2-501"), "\(watch)")
        let volunteer = try await token(["--role", "community", "--name", "yuyuan volunteer", "--grid", "Y", "--force", "volunteer-1"])
        let unnamed = await http("GET", "\(base)/watch", token: volunteer)
        #expect(unnamed.status == 200 && unnamed.body.contains("\"until\"") && !unnamed.body.contains("Miranda")
                && !unnamed.body.contains("3-2-501"), "a volunteer learns that someone must stay home, not who: \(unnamed)")
        let passages = await http("GET", "\(base)/passages", token: own)
        let list = try JSONSerialization.jsonObject(with: Data(passages.body.utf8)) as? [[String: Any]] ?? []
        let recorded = try server.rows("SELECT id FROM accessRecord").count
        #expect(passages.status == 200 && list.count == recorded, "\(passages.body.prefix(300))")
        #expect(!passages.body.contains("Miranda"), "a passage names no one")
        let strangers = await http("GET", "\(base)/strangers", token: server.token)
        let strangerList = try JSONSerialization.jsonObject(with: Data(strangers.body.utf8)) as? [[String: Any]] ?? []
        #expect(strangers.status == 200 && !strangerList.isEmpty && strangerList.allSatisfy { $0["outcome"] as? String == "stranger" })
        // The community's own alarms, in its grid (its gates took the community's), redacted as for any community force.
        let alarms = await http("GET", "\(server.base)/api/incidents?type=gate_rule", token: own)
        let alarmItems = (try JSONSerialization.jsonObject(with: Data(alarms.body.utf8)) as? [String: Any])?["items"] as? [[String: Any]] ?? []
        let gateIncidents = try server.rows("SELECT id FROM incident WHERE type = 'gate_rule'").count
        #expect(alarms.status == 200 && alarmItems.count == gateIncidents && gateIncidents >= 4, "\(alarms.body.prefix(300))")
        #expect(!alarms.body.contains("Miranda") && !alarms.body.contains("3-2-501") && !alarms.body.contains("key_person_left"), "\(alarms.body)")
        #expect(await http("GET", "\(base)/watch", token: other).status == 404, "another grid's community learns nothing")
        #expect(await http("GET", "\(base)/watch", token: dispatcher).status == 403)
        #expect(await http("GET", "\(base)/watch").status == 401)
        #expect(await http("GET", "\(server.base)/api/communities/nowhere/passages", token: server.token).status == 404)
        #expect(await http("GET", "\(base)/passages?limit=0", token: own).status == 400)
        let audited = try server.rows("SELECT actor, status FROM auditEntry WHERE route LIKE '/api/communities/%'")
        #expect(audited.contains { ($0["actor"] as String) == "yuyuan office" && ($0["status"] as Int) == 200 }, "\(audited)")
        #expect(audited.contains { ($0["actor"] as String) == "elsewhere" && ($0["status"] as Int) == 404 }, "\(audited)")
        let imports = try server.rows("SELECT rows FROM auditEntry WHERE route = 'sharpeyes community import'")
        #expect(imports.count == 2, "each import is audited")
    }
}
