import Communities
import Foundation
import Recognition
import Testing

/// The gate rules of a community over its register, with embeddings placed at known distances (the register's
/// threshold is 0.45; two unknown faces within 0.5 are one stranger).
struct GateWatchTests {
    /// A face along one axis: faces on one axis lie |a - b| apart; faces 1 out on two different axes lie 1.41 apart.
    private static func face(_ position: Float, axis: Int = 0) -> FaceEmbedding {
        var values = [Float](repeating: 0, count: FaceEmbedding.dimensions)
        values[axis] = position
        return FaceEmbedding(values)
    }

    private static let noon = ISO8601DateFormatter().date(from: "2026-12-07T04:00:00Z")!  // 12:00 in Shanghai
    private static let midnight = ISO8601DateFormatter().date(from: "2026-12-07T16:30:00Z")!  // 00:30 in Shanghai

    private static func register() -> CommunityRegister {
        var register = CommunityRegister(community: "yuyuan")
        register.add(Resident(id: 1, name: "王芳", unit: "3-2-501"), faces: [face(1), face(1.1)])
        register.add(Resident(id: 2, name: "李强", unit: "5-1-302"), faces: [face(1, axis: 1)])
        register.add(Vehicle(plate: "黑A12345", unit: "3-2-501"))
        register.add(VisitorPass(id: 7, hostUnit: "5-1-302", plate: "黑B54321", validFrom: noon.addingTimeInterval(-3600),
                                 validUntil: noon.addingTimeInterval(3600)))
        register.add(VisitorPass(id: 8, hostUnit: "3-2-501", validFrom: noon.addingTimeInterval(-3600), validUntil: noon),
                     faces: [face(1, axis: 2)])
        register.watch(KeyPersonWatch(residentId: 2, until: noon.addingTimeInterval(86400)))
        return register
    }

    @Test func aResidentFromAnotherPhotoIsAnAccessRecordAndNoAlert() {
        var watch = GateWatch(register: Self.register())
        let (record, alert) = watch.observe(Passage(gate: "north", time: Self.noon, subject: .face(Self.face(1.4)), direction: .entering))
        guard case .resident(let resident, let distance, nil) = record.identity else {
            Issue.record("\(record.identity)")
            return
        }
        #expect(resident.id == 1 && abs(distance - 0.3) < 1e-6 && !record.isStranger && alert == nil)
    }

    @Test func aFaceJustPastTheRegistersThresholdIsAStranger() {
        var watch = GateWatch(register: Self.register())
        let (record, _) = watch.observe(Passage(gate: "north", time: Self.noon, subject: .face(Self.face(1.56))))
        #expect(record.identity == .stranger && record.isStranger)
    }

    @Test func oneStrangerAtTwoGatesWithinAnHourIsOneAlert() {
        var watch = GateWatch(register: Self.register())
        let stranger = Self.face(2.5), other = Self.face(4)
        let passes = [("north", 0.0, stranger), ("north", 60, stranger), ("south", 600, other), ("south", 1200, stranger),
                      ("east", 1500, stranger)]
        let alerts = passes.compactMap { gate, seconds, face in
            watch.observe(Passage(gate: gate, time: Self.noon.addingTimeInterval(seconds), subject: .face(face))).1
        }
        #expect(alerts.map(\.rule) == [.strangerAtTwoGates] && alerts.first?.gate == "south" && alerts.first?.resident == nil)
        #expect(alerts.first?.time == Self.noon.addingTimeInterval(1200))
    }

    @Test func aStrangerSeenAgainAfterTheWindowIsNotAnAlert() {
        var watch = GateWatch(register: Self.register())
        _ = watch.observe(Passage(gate: "north", time: Self.noon, subject: .face(Self.face(2.5))))
        let (_, alert) = watch.observe(Passage(gate: "south", time: Self.noon.addingTimeInterval(3601), subject: .face(Self.face(2.5))))
        #expect(alert == nil)
    }

    @Test func aWatchedResidentAtAGateIsAnAlertNamingThemForTheGridWorker() {
        var watch = GateWatch(register: Self.register())
        let (record, alert) = watch.observe(Passage(gate: "south", time: Self.noon, subject: .face(Self.face(1.2, axis: 1)), direction: .leaving))
        #expect(!record.isStranger && alert?.rule == .keyPersonLeft && alert?.resident?.id == 2)
        let later = Self.noon.addingTimeInterval(86400 + 1)
        #expect(watch.observe(Passage(gate: "south", time: later, subject: .face(Self.face(1, axis: 1)))).1 == nil, "the watch ended")
    }

    @Test func aWatchedUnitsDoorSealOpenedIsTheSameAlert() {
        let watch = GateWatch(register: Self.register())
        #expect(watch.doorSealOpened(unit: "5-1-302", device: "seal-17", at: Self.noon).map(\.resident?.id) == [2])
        #expect(watch.doorSealOpened(unit: "3-2-501", device: "seal-18", at: Self.noon).isEmpty)
    }

    @Test func anUnregisteredPlateIsAnAlertAtNightOnly() {
        var watch = GateWatch(register: Self.register())
        #expect(watch.observe(Passage(gate: "garage", time: Self.noon, subject: .plate("黑C99999"))).1 == nil)
        let (record, alert) = watch.observe(Passage(gate: "garage", time: Self.midnight, subject: .plate("黑C99999"), direction: .entering))
        #expect(record.identity == .unregisteredVehicle && alert?.rule == .vehicleAtNight)
        #expect(watch.observe(Passage(gate: "garage", time: Self.midnight, subject: .plate("黑C99999"), direction: .leaving)).1 == nil)
        #expect(watch.observe(Passage(gate: "garage", time: Self.midnight, subject: .plate("黑 a·12345"))).1 == nil, "a resident's car")
    }

    @Test func aVisitorsPlateIsAnAccessRecordInsideItsPassAndAnAlertAfter() {
        var watch = GateWatch(register: Self.register())
        let inside = watch.observe(Passage(gate: "garage", time: Self.noon, subject: .plate("黑B54321")))
        #expect(inside.1 == nil && !inside.0.isStranger)
        let after = watch.observe(Passage(gate: "garage", time: Self.noon.addingTimeInterval(3601), subject: .plate("黑B54321")))
        #expect(after.1?.rule == .passNotValid && after.1?.resident == nil)
    }

    @Test func aFaceVisitorsPassEndsToo() {
        var watch = GateWatch(register: Self.register())
        let before = watch.observe(Passage(gate: "north", time: Self.noon.addingTimeInterval(-60), subject: .face(Self.face(1.1, axis: 2))))
        let after = watch.observe(Passage(gate: "north", time: Self.noon.addingTimeInterval(60), subject: .face(Self.face(1.1, axis: 2))))
        #expect(before.1 == nil && after.1?.rule == .passNotValid)
    }
}
