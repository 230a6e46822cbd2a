import Dispatching
import Foundation
import GRDB
import Incidents
import TestSupport
import Testing

/// Dispatch across processes: commits survive kill -9, and a restarted deliverer finishes the job.
@Suite(.serialized, .childProcesses)
struct DispatchCommandTests {
    private func config(receiverPort: Int) throws -> String {
        let path = try temporaryDirectory("dispatch-config").appendingPathComponent("dispatch.yaml").path
        let yaml = """
        grids:
          - {id: A, polygon: [[126.60, 45.74], [126.70, 45.74], [126.70, 45.78], [126.60, 45.78]]}
        forces:
          - {id: patrol-1, name: P1, type: patrol, position: [45.762, 126.652],
             webhook: {url: "http://127.0.0.1:\(receiverPort)/patrol-1", secret: "0123456789abcdef0123"}}
          - {id: worker-a, name: W, type: grid_worker, grid: A,
             webhook: {url: "http://127.0.0.1:\(receiverPort)/worker-a", secret: "0123456789abcdef0123"}}
        rules:
          - {name: all, send: [{type: patrol, units: 1}, {type: grid_worker}], acknowledge_within: 600}
        """
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func drill(config: String, db: String, subject: String) async throws -> ChildProcess {
        try await ChildProcess.start(SharpEyesBinary.path, ["dispatch", "drill", "--config", config, "--db", db, "--camera", "gate-1",
                                                "--location", "45.76,126.65", "--subject", subject, "--deliver-for", "30"])
    }

    @Test func killMinusNineBetweenCommitAndDeliveryLosesNothing() async throws {
        let receiver = try WebhookReceiver()
        let config = try config(receiverPort: receiver.port)
        let db = try temporaryDirectory("kill").appendingPathComponent("db.sqlite").path
        var committed = 0
        for round in 0..<20 {
            // Half the rounds the receiver never answers (killed mid-send); half it answers and the kill lands
            // anywhere: before the send, after it, or between the 2xx and marking the message delivered.
            receiver.mode = round % 2 == 0 ? .hang : .accept
            let child = try await drill(config: config, db: db, subject: "黑A\(10000 + round)")
            if await child.waitUntil(20, { $0.stdout.contains("committed") }) { committed += 1 }
            try await Task.sleep(for: .seconds(Double.random(in: 0...0.15)))
            child.signal(SIGKILL)
            await child.exit(timeout: 10)
        }
        #expect(committed == 20)
        receiver.mode = .accept
        let restart = try await SharpEyesBinary.run(["dispatch", "deliver", "--db", db, "--timeout", "60"], timeout: 90)
        #expect(restart.status == 0, "\(restart.stdout) \(restart.stderr)")
        let store = try IncidentStore(path: db)
        let orders = try await store.writer.read { db in try DispatchOrder.fetchAll(db) }
        #expect(try store.incidents().count == 20)
        #expect(orders.count == 40)
        #expect(receiver.uniqueKeys == Set(orders.map(\.id)), "every order reached its receiver")
        #expect(try await store.writer.read { db in try OutboxMessage.filter(Column("deliveredAt") == nil).fetchCount(db) } == 0)
    }

    @Test func ordersAreListedAcknowledgedAndResolvedFromTheCommandLine() async throws {
        let receiver = try WebhookReceiver()
        let config = try config(receiverPort: receiver.port)
        let db = try temporaryDirectory("orders").appendingPathComponent("db.sqlite").path
        let child = try await drill(config: config, db: db, subject: "黑A12345")
        #expect(await child.exit(timeout: 60) == 0)
        #expect(child.stdout.contains("all delivered"))
        let list = try await SharpEyesBinary.run(["dispatch", "list", "--db", db])
        let patrolLine = try #require(list.stdout.split(separator: "\n").first { $0.contains("patrol-1") })
        #expect(patrolLine.contains("notified"))
        let order = String(patrolLine.split(separator: "\t")[0])
        #expect(try await SharpEyesBinary.run(["dispatch", "ack", order, "--by", "officer 7", "--db", db]).stdout.contains("acknowledged"))
        #expect(try await SharpEyesBinary.run(["dispatch", "on-scene", order, "--by", "officer 7", "--db", db]).stdout.contains("on_scene"))
        #expect(try await SharpEyesBinary.run(["dispatch", "resolve", order, "--by", "officer 7", "--db", db]).stdout.contains("resolved"))
        let again = try await SharpEyesBinary.run(["dispatch", "ack", order, "--by", "officer 7", "--db", db])
        #expect(again.status == 1 && again.stderr.contains("it cannot become acknowledged"))
        let worker = try await SharpEyesBinary.run(["dispatch", "list", "--db", db, "--state", "expired"])
        #expect(worker.stdout.contains("worker-a"), "the other order expired when the incident was resolved")
    }

    @Test func malformedConfigIsRefusedNamingTheField() async throws {
        let path = try temporaryDirectory("bad").appendingPathComponent("dispatch.yaml").path
        try "forces: [{id: p, name: P, type: patrol, position: [45, 500]}]\n".write(toFile: path, atomically: true, encoding: .utf8)
        let run = try await SharpEyesBinary.run(["dispatch", "drill", "--config", path, "--db", path + ".sqlite", "--camera", "c",
                                           "--subject", "X"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("forces[0].position: longitude 500.0 is not within ±180"))
    }

    @Test func drillRefusesALocationOutOfRange() async throws {
        let receiver = try WebhookReceiver()
        let config = try config(receiverPort: receiver.port)
        let db = try temporaryDirectory("drill-location").appendingPathComponent("db.sqlite").path
        let run = try await SharpEyesBinary.run(["dispatch", "drill", "--config", config, "--db", db, "--camera", "gate-9",
                                           "--location", "91,181", "--subject", "X"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("--location must be LAT,LON in degrees"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: db), "nothing was raised")
        #expect(receiver.received.isEmpty)
    }

    @Test func analyseWithDispatchSendsTheFaceIncidentWhileAnalysing() async throws {
        let receiver = try WebhookReceiver()
        let config = try config(receiverPort: receiver.port)
        let db = try temporaryDirectory("analyse-dispatch").appendingPathComponent("db.sqlite").path
        let enrol = try await SharpEyesBinary.run(["watchlist", "add-face", "--name", "Lin-Manuel Miranda", "--list", "wanted",
                                             "--reason", "armed robbery suspect", Fixtures.path("faces/probes/lin-manuel-miranda.png"),
                                             "--db", db])
        #expect(enrol.status == 0)
        let run = try await SharpEyesBinary.run(["analyze", Fixtures.hamilton, "--db", db, "--location", "45.76,126.65",
                                           "--dispatch", config, "--json"], timeout: 120)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(Set(receiver.received.map(\.path)) == ["/patrol-1", "/worker-a"])
        let police = try #require(receiver.received.first { $0.path == "/patrol-1" })
        let community = try #require(receiver.received.first { $0.path == "/worker-a" })
        #expect(String(decoding: police.body, as: UTF8.self).contains("Lin-Manuel Miranda"))
        #expect(!String(decoding: community.body, as: UTF8.self).contains("Miranda"))
        #expect(!String(decoding: community.body, as: UTF8.self).contains("armed robbery"))
    }
}
