import Dispatching
import Foundation
import GRDB
import Incidents
@testable import PostgresStore
import Testing

/// The recording write plans a new incident's orders in its own transaction on PostgreSQL as the SQLite store's
/// `onNewIncident` hook does: a cloned plate (raised by the second read, not by a watchlist) goes out the same way.
struct DispatchHookTests {
    private static let ringRoad = Camera(id: "gate-7", name: "Ring road", kind: .fixed, url: "rtsp://g7", latitude: 45.761,
                                         longitude: 126.950, createdAt: DispatchWorld.start)

    /// A clean read of one plate at the gate and, two minutes later, 23 km away.
    private static let reads = [(DispatchWorld.camera.id, 0.0), (ringRoad.id, 120.0)].map { camera, seconds in
        let time = DispatchWorld.start.addingTimeInterval(seconds)
        return Sighting(cameraId: camera, kind: .plate, label: "黑A12345", firstSeen: time, lastSeen: time, bestTime: time,
                        mediaOffset: 0, box: (0, 0, 10, 10), confidence: 0.97, frames: 3)
    }

    /// Orders as `incident/tier/force`, and what their messages say the event was (the grid worker stays home: the
    /// second read is outside grid A).
    private static func summary(_ orders: [DispatchOrder], _ messages: [OutboxMessage]) throws -> [String] {
        let events = try messages.map { try Payload.decode($0.body).event }.map { "\($0.type) \($0.reason ?? "-")" }
        return orders.map { "\($0.incidentId)/\($0.tier)/\($0.forceId) \($0.state)" }.sorted() + events.sorted()
    }

    @Test func aClonedPlateIsPlannedInTheRecordingTransactionOnBothStores() async throws {
        let dispatcher = try DispatchWorld.dispatcher(ManualClock(DispatchWorld.start))
        let sqlite = try IncidentStore(clonedPlates: ClonedPlateRule(), onNewIncident: dispatcher.incidentHook)
        for camera in [DispatchWorld.camera, Self.ringRoad] { try sqlite.save(camera) }
        for read in Self.reads { try sqlite.record(read) }
        let expected = try Self.summary(
            try await sqlite.writer.read { db in try DispatchOrder.fetchAll(db) },
            try await sqlite.writer.read { db in try OutboxMessage.fetchAll(db) })
        #expect(expected.count == 4 && expected.last?.hasPrefix("cloned_plate read at gate-1 and gate-7") == true, "\(expected)")
        try await DispatchWorld.withPostgres(dispatcher, clonedPlates: ClonedPlateRule()) { postgres in
            try await postgres.save(Self.ringRoad)
            for read in Self.reads { try await postgres.record(read) }
            let orders = try await DispatchWorld.records(postgres).map(\.order)
            #expect(try Self.summary(orders, try await DispatchWorld.messages(postgres)) == expected)
        }
    }
}
