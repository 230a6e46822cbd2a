import AsyncHTTPClient
import Dispatching
import Foundation
import GRDB
import Incidents
import Logging
import NIOCore
import TestSupport
import Testing

struct RoutingAndDeliveryTests {
    @Test func plateInGridANotifiesTheTwoNearestAvailablePatrolsAndGridAsWorker() async throws {
        let fixture = try DispatchFixture()
        try fixture.raise()
        let orders = try fixture.orders()
        #expect(Set(orders.map(\.forceId)) == ["patrol-near", "patrol-mid", "worker-a"])
        #expect(orders.allSatisfy { $0.state == .pending })
        #expect(await fixture.delivery.deliverDue() == 3)
        #expect(fixture.paths == ["/patrol-near", "/patrol-mid", "/worker-a"], "not grid B's worker, not the busy or far unit")
        #expect(try fixture.orders().allSatisfy { $0.state == .notified })
        let near = try #require(orders.first { $0.forceId == "patrol-near" })
        #expect((near.distanceMeters ?? 0) > 100 && (near.distanceMeters ?? 0) < 400)
    }

    @Test func everyMessageIsSignedAndCarriesItsOrderAsIdempotencyKey() async throws {
        let fixture = try DispatchFixture()
        try fixture.raise()
        await fixture.delivery.deliverDue()
        let orderIds = Set(try fixture.orders().map(\.id))
        for request in fixture.receiver.received {
            let signature = try #require(request.headers["x-sharpeyes-signature"])
            #expect(Signer.verify(signature, body: request.body, secret: DispatchFixture.secret))
            #expect(!Signer.verify(signature, body: request.body + Data("x".utf8), secret: DispatchFixture.secret))
            let payload = try Payload.decode(request.body)
            #expect(payload.idempotencyKey == request.headers["idempotency-key"])
            #expect(orderIds.contains(payload.order.id))
            #expect(payload.sensor.id == "gate-1" && payload.place.grid == "A")
            #expect(payload.object.plate == "黑A12345")
            #expect(payload.order.acknowledgeUrl.hasSuffix("/api/orders/\(payload.order.id)/ack"))
        }
    }

    @Test func everyForceLooksForTheListedPlateOrTheReadOneForAPattern() async throws {
        let fixture = try DispatchFixture()
        try fixture.raise(subject: "黑A1234S", read: "黑A12345")  // listed with S, read with 5: one OCR confusion
        try fixture.raise(subject: "黑B*88", read: "黑B12388")    // a pattern: look for what was read
        await fixture.delivery.deliverDue()
        let payloads = try fixture.receiver.received.map { try Payload.decode($0.body) }
        #expect(payloads.count == 6)
        for payload in payloads {
            let expected = payload.object.plateRead == "黑A12345" ? "黑A1234S" : "黑B12388"
            #expect(payload.object.plate == expected, "\(payload.audience) sees the plate to look for")
        }
        #expect(Set(payloads.compactMap(\.object.plateRead)) == ["黑A12345", "黑B12388"])
    }

    @Test func receiverDownRetriesUntilItComesBackThenExactlyOncePerKey() async throws {
        let fixture = try DispatchFixture()
        // Its own client: after refused connections a pool backs off before connecting again, and this test
        // must not share that state with the others running beside it.
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let delivery = DeliveryService(writer: fixture.store.writer, client: client, clock: fixture.clock,
                                       logger: Logger(label: "test"), requestTimeout: .seconds(2))
        fixture.receiver.stop()
        try fixture.raise()
        #expect(await delivery.deliverDue() == 0)
        #expect(try delivery.pending() == 3)
        let attempts = try await fixture.store.writer.read { db in try OutboxMessage.fetchAll(db).map(\.attempts) }
        #expect(attempts == [1, 1, 1])
        #expect(await delivery.deliverDue() == 0, "nothing is due again before the backoff has passed")
        try fixture.receiver.restart()
        fixture.receiver.mode = .fail(503)
        // Retry (each round past the longest backoff) until the receiver has answered 503 at least once.
        for _ in 0..<20 where fixture.receiver.received.isEmpty {
            fixture.clock.advance(by: 61)
            #expect(await delivery.deliverDue() == 0, "a 503 is not a delivery")
        }
        #expect(!fixture.receiver.received.isEmpty)
        #expect(try delivery.pending() == 3)
        fixture.receiver.mode = .accept
        for _ in 0..<20 where try delivery.pending() > 0 {
            fixture.clock.advance(by: 61)
            await delivery.deliverDue()
        }
        #expect(try delivery.pending() == 0)
        fixture.clock.advance(by: 61)
        #expect(await delivery.deliverDue() == 0, "delivered messages are not sent again")
        #expect(fixture.receiver.uniqueKeys == Set(try fixture.orders().map(\.id)), "every order arrived, once per key")
        try await client.shutdown()
    }

    @Test func communityPayloadNeverCarriesIdentityReasonOrFaceCrop() async throws {
        let fixture = try DispatchFixture()
        try fixture.raise(.face, subject: "Lin-Manuel Miranda", reason: "armed robbery suspect")
        await fixture.delivery.deliverDue()
        let worker = try #require(fixture.receiver.received.first { $0.path == "/worker-a" })
        let text = String(decoding: worker.body, as: UTF8.self)
        for secret in ["Lin-Manuel", "Miranda", "armed robbery", "hotlist", "/crop", "face_crop"] {
            #expect(!text.contains(secret), "community bytes contain \(secret)")
        }
        #expect(try Payload.decode(worker.body).audience == .community)
        let police = try #require(fixture.receiver.received.first { $0.path == "/patrol-near" })
        let policeText = String(decoding: police.body, as: UTF8.self)
        #expect(policeText.contains("Lin-Manuel Miranda") && policeText.contains("armed robbery suspect") && policeText.contains("/crop"))
    }

    @Test func aLateAlertSaysWhenItsSubjectWasSeen() async throws {
        let fixture = try DispatchFixture()
        let incident = try fixture.raise(seenSecondsAgo: 65)
        await fixture.delivery.deliverDue()
        for path in ["/patrol-near", "/worker-a"] {
            let payload = try Payload.decode(try #require(fixture.receiver.received.first { $0.path == path }).body)
            #expect(payload.event.time == incident.createdAt, "\(path): raised now")
            #expect(payload.event.seenAt == incident.createdAt.addingTimeInterval(-65), "\(path): seen 65 s before")
        }
    }

    @Test func redactionIsDecidedInOnePlace() async throws {
        let fixture = try DispatchFixture()
        try fixture.raise(.face, subject: "Someone", reason: "why")
        await fixture.delivery.deliverDue()
        let police = try Payload.decode(try #require(fixture.receiver.received.first { $0.path == "/patrol-near" }).body)
        let community = police.redacted(for: .community)
        #expect(community.object.identity == nil && community.event.reason == nil && community.event.watchlist == nil)
        #expect(community.faceCrop == nil && community.snapshot == police.snapshot)
        #expect(police.redacted(for: .police) == police)
        #expect(ForceType.gridWorker.audience == .community && ForceType.volunteer.audience == .community)
        #expect(ForceType.patrol.audience == .police && ForceType.commandCentre.audience == .police)
    }

    @Test func aFailedIncidentTransactionLeavesNoOrders() throws {
        struct HookFailed: Error {}
        let written = Box<(orders: Int, messages: Int)?>(nil)
        let fixture = try DispatchFixture(hook: { plan in
            { db, incident in
                try plan(db, incident)
                // The orders and their messages are written; now the incident's transaction fails, inside the hook.
                written.value = (try DispatchOrder.fetchCount(db), try OutboxMessage.fetchCount(db))
                throw HookFailed()
            }
        })
        #expect(throws: HookFailed.self) { try fixture.raise() }
        #expect(written.value?.orders == 3 && written.value?.messages == 3, "the hook failed after planning")
        #expect(try fixture.orders().isEmpty)
        #expect(try fixture.messages().isEmpty)
        #expect(try fixture.store.writer.read { db in try OrderTransition.fetchCount(db) } == 0)
        #expect(try fixture.store.incidents().isEmpty)
        #expect(try fixture.store.sightings().isEmpty)
        #expect(try fixture.delivery.pending() == 0)
    }
}
