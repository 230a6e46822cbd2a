import Dispatching
import Foundation
import Incidents
@testable import PostgresStore
import Severities
import Testing

/// A community's register and access log on both stores: the same register read back (faces, passes, watches, the
/// change counter), the same passages (a gate incident dispatched like any other), the same log and watch list.
struct CommunityParityTests {
    private static let face = Data((0..<512).map { UInt8($0 % 251) })

    private static func batch() -> RegisterBatch {
        let start = DispatchWorld.start
        var batch = RegisterBatch(community: "yuyuan")
        batch.residents = [(CommunityResident(community: "yuyuan", name: "王芳", unit: "3-2-501", createdAt: start), [face, face]),
                           (CommunityResident(community: "yuyuan", name: "李强", unit: "5-1-302", createdAt: start), [face])]
        batch.vehicles = [CommunityVehicle(community: "yuyuan", plate: "黑A12345", unit: "3-2-501", createdAt: start)]
        batch.passes = [(CommunityVisitorPass(community: "yuyuan", name: "访客", hostUnit: "5-1-302", plate: "黑B54321",
                                              validFrom: start, validUntil: start.addingTimeInterval(3600), createdAt: start), [])]
        return batch
    }

    /// What a store holds after the same writes, as comparable text.
    private static func exercise(_ store: any CommunityStore & DispatchStore) async throws -> [String] {
        let before = try await store.registerVersion(community: "yuyuan")
        let stored = try await store.addToRegister(batch())
        let watched = try #require(stored.residents[1].resident.id)
        var watch = RegisterBatch(community: "yuyuan")
        watch.watches = [CommunityWatch(residentId: watched, until: DispatchWorld.start.addingTimeInterval(86_400), createdAt: DispatchWorld.start)]
        _ = try await store.addToRegister(watch)
        let register = try await store.register(community: "yuyuan")
        let (sighting, _) = DispatchWorld.hit("黑C99999", at: ManualClock(DispatchWorld.start))
        var incident = Incident(cameraId: DispatchWorld.camera.id, kind: .plate, subject: "黑C99999", watchlist: "unregistered_vehicle_at_night",
                                reason: "裕园小区", severity: .medium, latitude: 45.76, longitude: 126.65, createdAt: DispatchWorld.start)
        incident.type = .gateRule
        var entry = AccessLogEntry(community: "yuyuan", cameraId: DispatchWorld.camera.id, at: DispatchWorld.start, kind: .plate,
                                   outcome: .stranger, plate: "黑C99999")
        entry.rule = "unregistered_vehicle_at_night"
        let alert = try await store.recordPassage(entry, sighting: sighting, incident: incident, faceEmbedding: nil)
        let quiet = AccessLogEntry(community: "yuyuan", cameraId: DispatchWorld.camera.id, at: DispatchWorld.start.addingTimeInterval(1),
                                   kind: .face, outcome: .resident, residentId: stored.residents[0].resident.id)
        _ = try await store.recordPassage(quiet, sighting: sighting, incident: nil, faceEmbedding: Array(face))
        let log = try await store.accessLog(community: "yuyuan", from: nil, to: nil, outcome: nil, limit: 10)
        let strangers = try await store.accessLog(community: "yuyuan", from: nil, to: nil, outcome: .stranger, limit: 10)
        let watches = try await store.watches(community: "yuyuan", at: DispatchWorld.start)
        let orders = try await store.orderRecords(states: [], force: nil, incidents: [], limit: 50).map(\.order.forceId).sorted()
        let named = try await store.residents(community: "yuyuan", named: "王芳", unit: "3-2-501").map(\.unit)
        return [
            "version \(before) -> \(register.version)",
            "residents \(register.residents.map { "\($0.resident.name)/\($0.resident.unit)/\($0.faces.count)" })",
            "vehicles \(register.vehicles.map(\.plate)) passes \(register.passes.map { "\($0.pass.plate ?? "")/\($0.pass.validUntil.timeIntervalSince($0.pass.validFrom))" })",
            "watches \(register.watches.map { $0.until.timeIntervalSince(DispatchWorld.start) })",
            "alert \(alert.incident?.type.rawValue ?? "-") \(alert.entry.incidentId != nil) \(alert.sighting.incidentId == alert.incident?.id)",
            "log \(log.map { "\($0.outcome.rawValue)/\($0.kind.rawValue)/\($0.rule ?? "-")/\($0.incidentId != nil)" })",
            "strangers \(strangers.count) watch \(watches.map { "\($0.resident.name)" }) orders \(orders) named \(named)",
        ]
    }

    @Test func oneRegisterAndAccessLogOnBothStores() async throws {
        let sqliteDispatcher = try DispatchWorld.dispatcher(ManualClock(DispatchWorld.start))
        let sqlite = try IncidentStore(onNewIncident: sqliteDispatcher.incidentHook)
        try sqlite.save(DispatchWorld.camera)
        let expected = try await Self.exercise(sqlite.async)
        #expect(expected[0] == "version 0 -> 2" && expected[4] == "alert gate_rule true true", "\(expected)")
        #expect(expected[6].contains("orders [\"patrol-mid\", \"patrol-near\", \"worker-a\"]"), "the world's one rule sends any incident: \(expected)")
        try await DispatchWorld.withPostgres(try DispatchWorld.dispatcher(ManualClock(DispatchWorld.start))) { postgres in
            let got = try await Self.exercise(postgres)
            #expect(got == expected, "\(got)")
        }
    }
}
