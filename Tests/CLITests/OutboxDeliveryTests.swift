import Dispatching
import Foundation
import GRDB
import Incidents
import TestSupport
import Testing

/// The outbox across processes: several deliverers at once against slow, refusing receivers; SIGTERM; unusable URLs.
@Suite(.serialized, .ownThreads)
struct OutboxDeliveryTests {
    /// A command centre per URL, and one rule sending every incident to all of them.
    private func config(urls: [String]) throws -> String {
        let path = try temporaryDirectory("outbox-config").appendingPathComponent("dispatch.yaml").path
        let forces = urls.enumerated().map { i, url in
            "  - {id: centre-\(i), name: Centre \(i), type: command_centre, webhook: {url: \"\(url)\", secret: 0123456789abcdef0123}}"
        }
        let yaml = "forces:\n\(forces.joined(separator: "\n"))\nrules:\n  - {name: all, send: [{type: command_centre}], acknowledge_within: 3600}\n"
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Runs the CLI to completion without holding a thread of the cooperative pool.
    private func sharpeyes(_ arguments: [String], timeout: Double = 60) async throws -> ChildProcess {
        let child = try ChildProcess(SharpEyesBinary.path, arguments)
        await child.exit(timeout: timeout)
        return child
    }

    /// Raises `incidents` drill incidents and delivers none of their messages.
    private func seed(config: String, db: String, incidents: Int) async throws {
        for i in 0..<incidents {
            let drill = try await sharpeyes(["dispatch", "drill", "--config", config, "--db", db, "--camera", "gate-1",
                                             "--subject", "黑A\(20000 + i)", "--deliver-for", "0"])
            #expect(drill.process.terminationStatus == 0, "\(drill.stderr)")
        }
    }

    /// Sends SIGTERM; returns the exit status, how long the exit took (killed after 30 s), and how many sends
    /// the process finished (recorded an outcome for) after the signal.
    private func terminate(_ child: ChildProcess) async -> (status: Int32, seconds: Double, finishedAfter: Int) {
        let start = Date(), logged = child.stderr.count
        child.signal(SIGTERM)
        let status = await child.exit(timeout: 30)
        let after = child.stderr.dropFirst(logged)
        let finished = after.components(separatedBy: "delivered order").count + after.components(separatedBy: "failed (attempt").count - 2
        return (status, Date().timeIntervalSince(start), finished)
    }

    private func waitUntil(seconds: Double, _ condition: () throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while try !condition(), Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
        return try condition()
    }

    /// Receivers answering a request that arrived between 0.5 and 5 s ago: each has at least 3 s of it to go.
    private func midRequest(_ receivers: [WebhookReceiver]) -> Int {
        let now = Date()
        return receivers.filter { receiver in
            receiver.received.contains { (0.5...5).contains(now.timeIntervalSince($0.at)) && $0.status != nil }
        }.count
    }

    @Test func twoRunnersAndADelivererSendEveryKeyAndNoneAgainOnceAccepted() async throws {
        // 40 messages to 8 command centres, each its own receiver taking 8 s per answer and answering 503 to 30%.
        let receivers = try (0..<8).map { _ in try WebhookReceiver() }
        for receiver in receivers {
            receiver.delay = 8
            receiver.unavailableShare = 0.3
        }
        let config = try config(urls: receivers.map { "http://127.0.0.1:\($0.port)/alerts" })
        let db = try temporaryDirectory("outbox-concurrent").appendingPathComponent("db.sqlite").path
        try await seed(config: config, db: db, incidents: 5)
        let store = try IncidentStore(path: db)
        let orders = Set(try await store.writer.read { db in try DispatchOrder.fetchAll(db) }.map(\.id))
        #expect(orders.count == 40)

        let start = Date()
        let run = ["dispatch", "run", "--config", config, "--db", db]
        let first = try ChildProcess(SharpEyesBinary.path, run)
        try await Task.sleep(for: .seconds(20))
        // The second runner starts while the first is in the middle of requests: only the first can be sending them.
        #expect(try await waitUntil(seconds: 10) { midRequest(receivers) >= 4 })
        let second = try ChildProcess(SharpEyesBinary.path, run)
        try await Task.sleep(for: .milliseconds(500))
        // The first is stopped then: it claims nothing more, finishes its requests in flight, records them, exits;
        // meanwhile the second polls and must leave those messages alone.
        let firstStop = await terminate(first)
        try await Task.sleep(for: .seconds(5))
        let deliverer = try ChildProcess(SharpEyesBinary.path, ["dispatch", "deliver", "--db", db, "--timeout", "240"])
        // The second runner and the deliverer share the work for 20 s; then the second is stopped too.
        try await Task.sleep(for: .seconds(20))
        let secondStop = await terminate(second)
        let accepted = { Set(receivers.flatMap(\.received).filter(\.accepted).compactMap(\.idempotencyKey)) }
        #expect(try await waitUntil(seconds: 240) { accepted() == orders }, "every key arrives and is answered 2xx")
        let delivered = await deliverer.exit(timeout: 60)
        let elapsed = Date().timeIntervalSince(start)

        for receiver in receivers {
            for (key, posts) in Dictionary(grouping: receiver.received, by: { $0.idempotencyKey ?? "" }) {
                let again = posts.drop { !$0.accepted }.dropFirst()
                #expect(again.isEmpty, "order \(key) was POSTed \(again.count) more time(s) after a 2xx answer")
            }
        }
        #expect(firstStop.status == 0 && firstStop.seconds < 15, "first runner: \(firstStop)")
        #expect(firstStop.finishedAfter >= 4, "the first runner finished its requests in flight: \(firstStop)")
        #expect(secondStop.status == 0 && secondStop.seconds < 15, "second runner: \(secondStop)")
        #expect(delivered == 0, "\(deliverer.stdout) \(deliverer.stderr)")
        #expect(deliverer.stdout.contains("outbox empty"))
        let undelivered = try await store.writer.read { db in try OutboxMessage.filter(Column("deliveredAt") == nil).fetchCount(db) }
        #expect(undelivered == 0)
        let requests = receivers.flatMap(\.received)
        let refused = requests.filter { $0.status == 503 }.count
        #expect(Double(refused) >= 0.3 * Double(requests.count), "the receivers refused 30% of \(requests.count) requests")
        let byRunner = [first, second].map { $0.stderr.components(separatedBy: "delivered order").count - 1 }
        let stops = [firstStop, secondStop].map { String(format: "%.1f s (%d sends finished after it)", $0.seconds, $0.finishedAfter) }
        print("""
            40 messages, \(requests.count) requests (\(refused) answered 503) in \(Int(elapsed)) s; the runners recorded \
            \(byRunner[0]) and \(byRunner[1]) deliveries, the deliverer the rest; SIGTERM to exit: \(stops.joined(separator: ", "))
            """)
    }

    @Test(arguments: ["http://127.0.0.1:99999/alerts", "http:///alerts", "ftp://127.0.0.1/alerts"])
    func aConfigWithAnUnusableURLIsRefusedNamingTheField(url: String) async throws {
        let config = try config(urls: [url])
        let db = try temporaryDirectory("outbox-bad-url").appendingPathComponent("db.sqlite").path
        for command in [["dispatch", "run"], ["dispatch", "drill", "--camera", "c", "--subject", "X"]] {
            let run = try await sharpeyes(command + ["--config", config, "--db", db], timeout: 30)
            #expect(run.process.terminationStatus == 1)
            #expect(run.stderr.contains("forces[0].webhook.url: '\(url)' cannot be used"), "\(run.stderr)")
        }
    }

    @Test func aMessageWithAnUnusableURLFailsForGoodWhileTheOthersAreDelivered() async throws {
        let receiver = try WebhookReceiver()
        let config = try config(urls: ["http://127.0.0.1:\(receiver.port)/a", "http://127.0.0.1:\(receiver.port)/b"])
        let db = try temporaryDirectory("outbox-edited-url").appendingPathComponent("db.sqlite").path
        try await seed(config: config, db: db, incidents: 1)
        let store = try IncidentStore(path: db)
        try await store.writer.write { db in
            try db.execute(sql: """
                UPDATE outbox SET url = 'http://127.0.0.1:99999/a'
                WHERE orderId = (SELECT id FROM dispatchOrder WHERE forceId = 'centre-0')
                """)
        }
        let deliver = try await sharpeyes(["dispatch", "deliver", "--db", db, "--timeout", "20"])
        #expect(deliver.process.terminationStatus == 0, "no trap, and nothing left to retry: \(deliver.stderr)")
        #expect(deliver.stdout.contains("outbox empty but for 1 message(s) that failed for good"), "\(deliver.stdout)")
        #expect(receiver.received.map(\.path) == ["/b"])
        let list = try await sharpeyes(["dispatch", "list", "--db", db])
        let line = try #require(list.stdout.split(separator: "\n").first { $0.contains("centre-0") })
        #expect(line.hasSuffix("message failed for good: unusable URL 'http://127.0.0.1:99999/a': port 99999 is not within 1...65535"))
        // Later deliverers pass over it: they neither trap nor send anything again.
        let runner = try ChildProcess(SharpEyesBinary.path, ["dispatch", "run", "--config", config, "--db", db])
        try await Task.sleep(for: .seconds(2))
        let stop = await terminate(runner)
        #expect(stop.status == 0 && stop.seconds < 5, "\(stop) \(runner.stderr)")
        #expect(try await sharpeyes(["dispatch", "deliver", "--db", db, "--timeout", "5"]).process.terminationStatus == 0)
        #expect(receiver.received.count == 1)
        let failed = try await store.writer.read { db in try OutboxMessage.filter(Column("failedAt") != nil).fetchAll(db) }
        #expect(failed.count == 1 && failed.first?.lastError?.contains("port 99999") == true)
    }
}
