import Dispatching
import Foundation
import Incidents
@testable import PostgresStore
import Severities
import Testing

/// A door seal's opening on both stores: when the desk's key-person lookup gives an incident, the alarm's sighting
/// is recorded with that incident in place of an `alarm` one, dispatched by the rules; the same report again is a
/// replay; a seal whose lookup gives none is a plain alarm. (`serve`'s lookup, `CommunitySeals`, is tested end to end
/// by `DoorSealServeTests`.)
struct DoorSealParityTests {
    private static let seal = AlarmDesk.Device(id: "seal-501", name: "3-2-501 门磁", kind: AlarmDesk.doorSeal, position: nil,
                                               camera: DispatchWorld.camera.id, seals: .init(community: "yuyuan", unit: "3-2-501"))
    private static let plain = AlarmDesk.Device(id: "seal-302", name: "5-1-302 门磁", kind: AlarmDesk.doorSeal, position: nil,
                                                camera: DispatchWorld.camera.id, seals: .init(community: "yuyuan", unit: "5-1-302"))

    /// What the desk recorded on `store`, as comparable text.
    private static func exercise(_ store: any AlarmStore & HistoryStore & DispatchStore) async throws -> [String] {
        var desk = AlarmDesk(devices: [seal, plain], store: store, now: { DispatchWorld.start })
        desk.keyPersons = { sealed, alarm in
            guard sealed.unit == "3-2-501" else { return nil }
            var incident = Incident(cameraId: alarm.cameraId, kind: .alarm, subject: "王芳 (3-2-501)", watchlist: "key_person_left",
                                    reason: "裕园小区: the door seal of a resident under watch opened", severity: .high,
                                    latitude: nil, longitude: nil, createdAt: alarm.time)
            incident.type = .gateRule
            return incident
        }
        func outcome(_ device: String) async throws -> String {
            switch try await desk.report(device: device, kind: nil, time: DispatchWorld.start, position: nil, description: nil) {
            case .raised(let incident): "raised \(incident.type.rawValue) \(incident.watchlist ?? "-") \(incident.subject)"
            case .replayed(let incident): "replayed \(incident.type.rawValue)"
            }
        }
        let outcomes = [try await outcome("seal-501"), try await outcome("seal-501"), try await outcome("seal-302")]
        let orders = try await store.orderRecords(states: [], force: nil, incidents: [], limit: 50).map(\.order.forceId).sorted()
        return outcomes + ["orders \(orders)"]
    }

    @Test func aWatchedUnitsSealIsTheKeyPersonIncidentOnBothStores() async throws {
        let sqliteDispatcher = try DispatchWorld.dispatcher(ManualClock(DispatchWorld.start))
        let sqlite = try IncidentStore(onNewIncident: sqliteDispatcher.incidentHook)
        try sqlite.save(DispatchWorld.camera)
        let expected = try await Self.exercise(sqlite.async)
        #expect(Array(expected.prefix(3)) == ["raised gate_rule key_person_left 王芳 (3-2-501)", "replayed gate_rule",
                                              "raised alarm - 5-1-302 门磁"], "\(expected)")
        #expect(expected[3].contains("worker-a"), "both incidents dispatched: \(expected)")
        try await DispatchWorld.withPostgres(try DispatchWorld.dispatcher(ManualClock(DispatchWorld.start))) { postgres in
            let got = try await Self.exercise(postgres)
            #expect(got == expected, "\(got)")
        }
    }
}
