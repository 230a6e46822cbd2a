import Dispatching
import Foundation
import Incidents
@testable import PostgresStore
import Severities
import Testing

/// A device's alarm on both stores: the same sighting, incident and orders (the rule sends to any alarm, as the
/// dispatcher's only rule does), and the same report a second time a replay that raises nothing.
struct AlarmParityTests {
    private static func report(at time: Date) -> AlarmReport {
        AlarmReport(device: "school-12", deviceName: "第十二中学一键报警", kind: "one_button", time: time, latitude: 45.761,
                    longitude: 126.651, description: "校门口", severity: .critical, cameraId: DispatchWorld.camera.id)
    }

    private static func summary(_ outcome: AlarmOutcome) -> [String] {
        switch outcome {
        case .raised(let incident): ["raised", incident.type.rawValue, incident.subject, "\(incident.latitude ?? 0)"]
        case .replayed(let incident): ["replayed", incident.type.rawValue, incident.subject]
        }
    }

    @Test func anAlarmIsOneIncidentWithItsOrdersOnBothStores() async throws {
        let clock = ManualClock(DispatchWorld.start)
        let sqliteDispatcher = try DispatchWorld.dispatcher(clock)
        let sqlite = try IncidentStore(onNewIncident: sqliteDispatcher.incidentHook)
        try sqlite.save(DispatchWorld.camera)
        let time = DispatchWorld.start
        let expected = [Self.summary(try await sqlite.async.raiseAlarm(Self.report(at: time))),
                        Self.summary(try await sqlite.async.raiseAlarm(Self.report(at: time)))]
        let expectedOrders = try await sqlite.async.orderRecords(states: [], force: nil, incidents: [], limit: 50).map(\.order.forceId).sorted()
        #expect(expected[0].first == "raised" && expected[1].first == "replayed" && !expectedOrders.isEmpty)
        try await DispatchWorld.withPostgres(try DispatchWorld.dispatcher(ManualClock(DispatchWorld.start))) { postgres in
            let got = [Self.summary(try await postgres.raiseAlarm(Self.report(at: time))),
                       Self.summary(try await postgres.raiseAlarm(Self.report(at: time)))]
            let orders = try await postgres.orderRecords(states: [], force: nil, incidents: [], limit: 50).map(\.order.forceId).sorted()
            #expect(got == expected && orders == expectedOrders, "\(got) \(orders)")
        }
    }
}
