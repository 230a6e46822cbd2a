import Dispatching
import Foundation
import GRDB
import Incidents
import TestSupport
import Testing

/// The outbox across processes: unusable URLs, and a runner that passes over a message that failed for good. The
/// soak with two runners and a deliverer against slow receivers is in SlowTests (OutboxSoakTests).
@Suite(.serialized, .childProcesses)
struct OutboxDeliveryTests {
    private func sharpeyes(_ arguments: [String], timeout: Double = 60) async throws -> ChildProcess {
        try await DispatchDrills.sharpeyes(arguments, timeout: timeout)
    }

    @Test(arguments: ["http://127.0.0.1:99999/alerts", "http:///alerts", "ftp://127.0.0.1/alerts"])
    func aConfigWithAnUnusableURLIsRefusedNamingTheField(url: String) async throws {
        let config = try DispatchDrills.config(urls: [url])
        let db = try temporaryDirectory("outbox-bad-url").appendingPathComponent("db.sqlite").path
        for command in [["dispatch", "run"], ["dispatch", "drill", "--camera", "c", "--subject", "X"]] {
            let run = try await sharpeyes(command + ["--config", config, "--db", db], timeout: 30)
            #expect(run.status == 1)
            #expect(run.stderr.contains("forces[0].webhook.url: '\(url)' cannot be used"), "\(run.stderr)")
        }
    }

    @Test func aMessageWithAnUnusableURLFailsForGoodWhileTheOthersAreDelivered() async throws {
        let receiver = try WebhookReceiver()
        let config = try DispatchDrills.config(urls: ["http://127.0.0.1:\(receiver.port)/a", "http://127.0.0.1:\(receiver.port)/b"])
        let db = try temporaryDirectory("outbox-edited-url").appendingPathComponent("db.sqlite").path
        #expect(try await DispatchDrills.seed(config: config, db: db, incidents: 1) == [])
        let store = try IncidentStore(path: db)
        try await store.writer.write { db in
            try db.execute(sql: """
                UPDATE outbox SET url = 'http://127.0.0.1:99999/a'
                WHERE orderId = (SELECT id FROM dispatchOrder WHERE forceId = 'centre-0')
                """)
        }
        let deliver = try await sharpeyes(["dispatch", "deliver", "--db", db, "--timeout", "20"])
        #expect(deliver.status == 0, "no trap, and nothing left to retry: \(deliver.stderr)")
        #expect(deliver.stdout.contains("outbox empty but for 1 message(s) that failed for good"), "\(deliver.stdout)")
        #expect(receiver.received.map(\.path) == ["/b"])
        let list = try await sharpeyes(["dispatch", "list", "--db", db])
        let line = try #require(list.stdout.split(separator: "\n").first { $0.contains("centre-0") })
        #expect(line.hasSuffix("message failed for good: unusable URL 'http://127.0.0.1:99999/a': port 99999 is not within 1...65535"))
        // Later deliverers pass over it: they neither trap nor send anything again. The runner prints nothing when it
        // starts: it is running once it has taken over SIGTERM, and gets half a second to (not) send.
        let runner = try await ChildProcess.start(SharpEyesBinary.path, ["dispatch", "run", "--config", config, "--db", db])
        #expect(try await DispatchDrills.waitUntil(seconds: 30) { runner.handles(SIGTERM) }, "\(runner.stderr)")
        try await Task.sleep(for: .milliseconds(500))
        let stop = await DispatchDrills.terminate(runner)
        // Nothing is in flight, so the exit is prompt; the bound only catches a runner that waits out a poll or a
        // timeout (5 s and more), with room for a loaded machine.
        let generousBound = 10.0
        #expect(stop.status == 0 && stop.seconds < generousBound, "\(stop) \(runner.stderr)")
        #expect(try await sharpeyes(["dispatch", "deliver", "--db", db, "--timeout", "5"]).status == 0)
        #expect(receiver.received.count == 1)
        let failed = try await store.writer.read { db in try OutboxMessage.filter(Column("failedAt") != nil).fetchAll(db) }
        #expect(failed.count == 1 && failed.first?.lastError?.contains("port 99999") == true)
    }
}
