import Dispatching
import Foundation
import Incidents
import NIOCore
import NIOHTTP1
import Server
import Severities
import TestSupport
import Testing

/// `POST /api/alarms` on the real server and a real SQLite file: a school's one-button alarm becomes an incident at
/// the nearest camera, committed before the answer, dispatched as its rule says (nearest patrol, police post, command centre);
/// forged, stale and replayed alarms are refused.
struct AlarmRouteTests {
    static let forces = """
    forces:
      - {id: patrol-near, name: P1, type: patrol, position: [45.762, 126.652]}
      - {id: patrol-far, name: P2, type: patrol, position: [45.95, 126.90]}
      - {id: post-daoli, name: Daoli post, type: police_post, position: [45.765, 126.660]}
      - {id: centre, name: Command centre, type: command_centre}
      - {id: worker-a, name: Grid A worker, type: grid_worker, grid: A}
    grids:
      - {id: A, name: Grid A, polygon: [[126.60, 45.74], [126.70, 45.74], [126.70, 45.78], [126.60, 45.78]]}
    rules:
      - name: school alarms
        when: {kind: alarm}
        send: [{type: patrol, units: 1}, {type: police_post, units: 1}, {type: command_centre}]
        acknowledge_within: 60
      - {name: hits, send: [{type: patrol, units: 1}]}
    """

    private static let school = AlarmDesk.Device(id: "school-12", name: "第十二中学一键报警", kind: "one_button",
                                                 position: Coordinate(latitude: 45.7605, longitude: 126.7480))

    private func fixture() throws -> (APIFixture, String) {
        let fixture = try APIFixture(forces: Self.forces)
        let device = try TokenSecret.create(name: "school-12 button", role: .device, grid: nil, force: "school-12", in: fixture.store).secret
        return (fixture, device)
    }

    private func body(_ device: String = "school-12", at time: Date = Date()) -> ByteBuffer {
        ByteBuffer(string: #"{"device":"\#(device)","kind":"one_button","time":"\#(ISO8601DateFormatter().string(from: time))","description":"校门口"}"#)
    }

    @Test func aSchoolsAlarmIsAnIncidentAtTheNearestCameraDispatchedToPatrolPostAndCentre() async throws {
        let (fixture, device) = try fixture()
        let store = fixture.store.async
        try await fixture.withServer(configure: { $0.alarms = AlarmDesk(devices: [Self.school], store: store) }) { api in
            // The answer comes after the commit: the incident and its orders exist when the device hears 201.
            let raised = try await api.call("/api/alarms", method: .POST, token: device, body: body())
            #expect(raised.status == 201 && raised.object["camera_id"] as? String == "gate-b", "\(raised.body)")
            let id = try #require(raised.object["incident"] as? Int)
            let shown = try await api.call("/api/incidents/\(id)", as: "dispatcher")
            let incident = try #require(shown.object["incident"] as? [String: Any], "\(shown.body)")
            #expect(incident["type"] as? String == "alarm" && incident["kind"] as? String == "alarm")
            #expect(incident["device"] as? String == "第十二中学一键报警" && incident["severity"] as? String == "critical")
            #expect(incident["latitude"] as? Double == 45.7605 && incident["crop_url"] == nil, "at the device, not the camera")
            let orders = try await api.call("/api/orders?incident=\(id)", as: "dispatcher")
            let forces = Set((orders.json as? [[String: Any]] ?? []).compactMap { $0["force_id"] as? String })
            #expect(forces == ["patrol-near", "post-daoli", "centre"], "nearest patrol, the post and the centre: \(orders.body)")
            let audited = try fixture.store.auditEntries(limit: 10).filter { $0.route == "/api/alarms" }
            #expect(audited.map(\.actor) == ["school-12 button"])
        }
    }

    @Test func forgedStaleAndReplayedAlarmsAreRefused() async throws {
        let (fixture, device) = try fixture()
        let store = fixture.store.async
        try await fixture.withServer(configure: { $0.alarms = AlarmDesk(devices: [Self.school], store: store) }) { api in
            #expect(try await api.call("/api/alarms", method: .POST, token: "se_forged", body: body()).status == 401)
            #expect(try await api.call("/api/alarms", method: .POST, body: body()).status == 401)
            let patrol = try await api.call("/api/alarms", as: "patrol", method: .POST, body: body())
            #expect(patrol.status == 403)
            let other = try await api.call("/api/alarms", method: .POST, token: device, body: body("school-13"))
            #expect(other.status == 403 && other.object["code"] as? String == "alarm_not_your_device")
            let stale = try await api.call("/api/alarms", method: .POST, token: device, body: body(at: Date().addingTimeInterval(-120)))
            #expect(stale.status == 409 && stale.object["code"] as? String == "alarm_stale", "\(stale.body)")
            let time = Date()
            #expect(try await api.call("/api/alarms", method: .POST, token: device, body: body(at: time)).status == 201)
            let again = try await api.call("/api/alarms", method: .POST, token: device, body: body(at: time))
            #expect(again.status == 409 && again.object["code"] as? String == "alarm_replayed", "\(again.body)")
            #expect(try fixture.store.incidents().filter { $0.type == .alarm }.count == 1, "one incident for one alarm")
            let drill = try await api.call("/api/alarms", as: "admin", method: .POST, body: body(at: time.addingTimeInterval(1)))
            #expect(drill.status == 201, "an admin may raise a drill: \(drill.body)")
        }
    }

    @Test func withoutDevicesAlarmsAreOff() async throws {
        let (fixture, device) = try fixture()
        try await fixture.withServer { api in
            let refused = try await api.call("/api/alarms", method: .POST, token: device, body: body())
            #expect(refused.status == 503 && refused.object["code"] as? String == "alarms_off")
        }
    }
}
