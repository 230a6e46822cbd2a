import Dispatching
import Foundation
import Incidents
import Testing

/// Dispatch through the async store (`store.async`, the `DispatchStore` protocol the API uses): the same rules as
/// the synchronous calls, each one async read or write.
struct DispatchStoreTests {
    @Test func anActionMovesTheOrderAndTheIncidentInOneWrite() async throws {
        let fixture = try DispatchFixture()
        let incident = try fixture.raise()
        let store: any DispatchStore = fixture.store.async
        let patrol = try #require(try await store.orderRecords(states: [.pending], force: "patrol-near", incidents: [],
                                                               limit: 10).first?.order)
        let acknowledged = try #require(try await store.apply(.acknowledge, to: patrol.id, by: "officer 7", note: nil,
                                                              with: fixture.dispatcher))
        #expect(acknowledged.order.state == .acknowledged)
        #expect(acknowledged.transitions.map(\.toState) == [.pending, .acknowledged])
        #expect(try fixture.store.incidents().first { $0.id == incident.id }?.status == .acknowledged)
        await #expect(throws: DispatchError.self, "a pending order cannot be resolved before it is taken") {
            let grid = try #require(try await store.orderRecords(states: [.pending], force: "worker-a", incidents: [],
                                                                 limit: 10).first?.order)
            _ = try await store.apply(.resolve, to: grid.id, by: "worker", note: nil, with: fixture.dispatcher)
        }
        await #expect(throws: DispatchError.self) {
            _ = try await store.apply(.arrive, to: "00000000-0000-0000-0000-000000000000", by: "x", note: nil,
                                      with: fixture.dispatcher)
        }
    }

    @Test func overdueOrdersEscalateThroughTheAsyncStore() async throws {
        let fixture = try DispatchFixture(acknowledgeWithin: 120)
        try fixture.raise()
        let store: any DispatchStore = fixture.store.async
        #expect(try await !store.hasOverdue(with: fixture.dispatcher))
        fixture.clock.advance(by: 121)
        #expect(try await store.hasOverdue(with: fixture.dispatcher))
        let created = try await store.escalateOverdue(with: fixture.dispatcher)
        #expect(created.map(\.forceId) == ["centre"])
        #expect(try await !store.hasOverdue(with: fixture.dispatcher))
        let feed = try await fixture.store.async.feedEvents(after: 0, limit: 100)
        var centre: [DispatchOrder.State] = []
        for event in feed where event.type == .order {
            if let (order, transition) = try await store.transition(event), order.forceId == "centre" {
                centre.append(transition.toState)
            }
        }
        #expect(centre == [.pending], "the feed announces the new tier's order")
    }
}
