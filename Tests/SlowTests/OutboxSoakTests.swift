import Dispatching
import Foundation
import GRDB
import Incidents
import TestSupport
import Testing

/// The outbox across processes under load: two runners and a deliverer, one after another, against eight slow,
/// refusing receivers (a few minutes by construction: 8 s per answer).
@Suite(.childProcesses)
struct OutboxSoakTests {
    /// Receivers answering a request that arrived between 0.5 and 5 s ago: each has at least 3 s of it to go.
    private func midRequest(_ receivers: [WebhookReceiver]) -> Int {
        let now = Date()
        return receivers.filter { receiver in
            receiver.received.contains { (0.5...5).contains(now.timeIntervalSince($0.at)) && $0.status != nil }
        }.count
    }

    /// A runner given SIGTERM finishes its requests in flight (8 s each at most) and exits: twice that, for a
    /// loaded machine.
    private let generousStop = 30.0

    @Test func twoRunnersAndADelivererSendEveryKeyAndNoneAgainOnceAccepted() async throws {
        // 40 messages to 8 command centres, each its own receiver taking 8 s per answer and answering 503 to 30%.
        let receivers = try (0..<8).map { _ in try WebhookReceiver() }
        for receiver in receivers {
            receiver.delay = 8
            receiver.unavailableShare = 0.3
        }
        let config = try DispatchDrills.config(urls: receivers.map { "http://127.0.0.1:\($0.port)/alerts" })
        let db = try temporaryDirectory("outbox-concurrent").appendingPathComponent("db.sqlite").path
        #expect(try await DispatchDrills.seed(config: config, db: db, incidents: 5) == [])
        let store = try IncidentStore(path: db)
        let orders = Set(try await store.writer.read { db in try DispatchOrder.fetchAll(db) }.map(\.id))
        #expect(orders.count == 40)

        let start = Date()
        let run = ["dispatch", "run", "--config", config, "--db", db]
        let first = try await ChildProcess.start(SharpEyesBinary.path, run)
        // The second runner starts while the first is in the middle of requests: only the first can be sending them.
        #expect(try await DispatchDrills.waitUntil(seconds: 60) { midRequest(receivers) >= 4 })
        let second = try await ChildProcess.start(SharpEyesBinary.path, run)
        #expect(try await DispatchDrills.waitUntil(seconds: 30) { second.handles(SIGTERM) })
        // The first is stopped then: it claims nothing more, finishes its requests in flight, records them, exits;
        // meanwhile the second polls and must leave those messages alone.
        let firstStop = await DispatchDrills.terminate(first)
        try await Task.sleep(for: .seconds(5))
        let deliverer = try await ChildProcess.start(SharpEyesBinary.path, ["dispatch", "deliver", "--db", db, "--timeout", "240"])
        // The second runner and the deliverer share the work for 20 s; then the second is stopped too.
        try await Task.sleep(for: .seconds(20))
        let secondStop = await DispatchDrills.terminate(second)
        let accepted = { Set(receivers.flatMap(\.received).filter(\.accepted).compactMap(\.idempotencyKey)) }
        #expect(try await DispatchDrills.waitUntil(seconds: 240) { accepted() == orders }, "every key arrives and is answered 2xx")
        let delivered = await deliverer.exit(timeout: 60)
        let elapsed = Date().timeIntervalSince(start)

        for receiver in receivers {
            for (key, posts) in Dictionary(grouping: receiver.received, by: { $0.idempotencyKey ?? "" }) {
                let again = posts.drop { !$0.accepted }.dropFirst()
                #expect(again.isEmpty, "order \(key) was POSTed \(again.count) more time(s) after a 2xx answer")
            }
        }
        #expect(firstStop.status == 0 && firstStop.seconds < generousStop, "first runner: \(firstStop)")
        #expect(firstStop.finishedAfter >= 4, "the first runner finished its requests in flight: \(firstStop)")
        #expect(secondStop.status == 0 && secondStop.seconds < generousStop, "second runner: \(secondStop)")
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
}
