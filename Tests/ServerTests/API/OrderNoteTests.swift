import AsyncHTTPClient
import Dispatching
import Foundation
import GRDB
import Incidents
import Logging
import TestSupport
import Testing

/// What the order trail shows: webhook credentials masked wherever a delivery note is shown (in rows written
/// before masking too), and no note or rule name, which would say which list, for community forces.
struct OrderNoteTests {
    static let password = "pa55-w0rd", token = "T0KEN-abc123"

    static func forces(port: Int) -> String {
        """
        forces:
          - {id: patrol-near, name: P1, type: patrol, position: [45.762, 126.652],
             webhook: {url: "http://ops:\(password)@127.0.0.1:\(port)/patrol?access_token=\(token)&v=2", secret: test-secret-0123456789}}
          - {id: worker-a, name: Grid A worker, type: grid_worker, grid: A,
             webhook: {url: "http://127.0.0.1:\(port)/worker?key=\(token)", secret: test-secret-0123456789}}
        grids:
          - {id: A, name: Grid A, polygon: [[126.60, 45.74], [126.70, 45.74], [126.70, 45.78], [126.60, 45.78]]}
        rules:
          - name: wanted people
            send: [{type: patrol, units: 1}, {type: grid_worker}]
            acknowledge_within: 600
        """
    }

    static func leaks(_ text: String) -> Bool { text.contains(password) || text.contains(token) }

    @Test func webhookCredentialsAreMaskedInOrdersIncidentDetailsAndTheFeed() async throws {
        let receiver = try WebhookReceiver()
        let fixture = try APIFixture(forces: Self.forces(port: receiver.port))
        try await fixture.withServer { api in
            let feed = EventFeedTests.Listener(api, role: "admin")
            #expect(await feed.wait(for: ": connected"))
            let (_, incident) = try fixture.raise(.face, camera: "gate-a", label: "Lin Wei", subject: "Lin Wei")
            let id = try #require(incident?.id)
            let delivery = DeliveryService(writer: fixture.store.writer, client: .shared, logger: Logger(label: "test"))
            var delivered = 0
            for _ in 0..<100 where delivered < 2 {
                delivered += await delivery.deliverDue()
                if delivered < 2 { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(delivered == 2 && receiver.received.count == 2)
            let notes = try await fixture.store.writer.read { db in
                try String.fetchAll(db, sql: "SELECT note FROM orderTransition WHERE toState = 'notified'")
            }
            #expect(notes.count == 2 && !notes.contains(where: Self.leaks), "stored as written: \(notes)")
            #expect(notes.contains("http://ops:***@127.0.0.1:\(receiver.port)/patrol?access_token=***&v=2"), "\(notes)")

            // A row written before masking holds the URL as it was.
            try await fixture.store.writer.write { db in
                let order = try String.fetchOne(db, sql: "SELECT id FROM dispatchOrder WHERE forceId = 'patrol-near'")
                try db.execute(sql: """
                    INSERT INTO orderTransition (orderId, fromState, toState, at, actor, note)
                    VALUES (?, 'pending', 'notified', ?, 'delivery', ?)
                    """, arguments: [order, Date(), "http://ops:\(Self.password)@old.example/hook?token=\(Self.token)"])
            }
            #expect(await feed.wait(for: "old.example"))
            for path in ["/api/orders", "/api/orders?incident=\(id)", "/api/incidents/\(id)"] {
                for role in ["admin", "dispatcher", "patrol"] {
                    let reply = try await api.call(path, as: role)
                    #expect(reply.status == 200 && reply.body.contains("127.0.0.1") && reply.body.contains("old.example"),
                            "\(role) \(path): \(reply.body.prefix(300))")
                    #expect(!Self.leaks(reply.body), "\(role) \(path): \(reply.body)")
                    #expect(reply.body.contains("http://ops:***@old.example/hook?token=***"), "\(role) \(path)")
                }
            }
            #expect(feed.text.contains("access_token=***") && !Self.leaks(feed.text), "\(feed.text)")
            feed.stop()
        }
    }

    @Test func communityForcesSeeNoNoteAndNoRuleName() async throws {
        let receiver = try WebhookReceiver()
        let fixture = try APIFixture(forces: Self.forces(port: receiver.port))
        try await fixture.withServer { api in
            let feed = EventFeedTests.Listener(api, role: "community")
            #expect(await feed.wait(for: ": connected"))
            let (_, incident) = try fixture.raise(.face, camera: "gate-a", label: "Lin Wei", subject: "Lin Wei")
            let id = try #require(incident?.id)
            #expect(await feed.wait(for: "event: order"))
            for path in ["/api/orders", "/api/incidents/\(id)"] {
                let community = try await api.call(path, as: "community")
                #expect(community.status == 200 && community.body.contains("worker-a"), "\(path): \(community.body)")
                #expect(!community.body.contains("wanted people") && !community.body.contains("\"note\""), "\(path): \(community.body)")
                let police = try await api.call(path, as: "dispatcher")
                #expect(police.body.contains("rule 'wanted people' tier 0"), "\(path): \(police.body)")
            }
            try? await Task.sleep(for: .milliseconds(300))
            #expect(!feed.text.contains("wanted people"), "\(feed.text)")
            feed.stop()
        }
    }
}
