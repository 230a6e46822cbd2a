import Foundation
import GRDB
import Incidents
import Severities
import TestSupport
import Testing

/// One plate read at two cameras too far apart for the time between: a cloned-plate incident, raised in the
/// sighting's transaction and handed to the same hook as a watchlist hit.
struct ClonedPlateTests {
    /// gate-7 is 30 km north of gate-1; gate-2 is 560 m from gate-1; lot-9 has no position.
    private static let cameras = [
        Camera(id: "gate-1", name: "North gate", kind: .fixed, url: "rtsp://g1", latitude: 45.760, longitude: 126.650),
        Camera(id: "gate-7", name: "Ring road", kind: .fixed, url: "rtsp://g7", latitude: 46.0298, longitude: 126.650),
        Camera(id: "gate-2", name: "South gate", kind: .fixed, url: "rtsp://g2", latitude: 45.765, longitude: 126.650),
        Camera(id: "lot-9", name: "Car park", kind: .fixed, url: "rtsp://l9"),
    ]
    private let start = Date(timeIntervalSince1970: 1_795_000_000)
    private let hook = Counter()

    private func makeStore(_ rule: ClonedPlateRule? = ClonedPlateRule()) throws -> IncidentStore {
        let path = try temporaryDirectory("cloned").appendingPathComponent("db.sqlite").path
        let store = try IncidentStore(path: path, clonedPlates: rule) { [hook] _, _ in hook.add() }
        for camera in Self.cameras { try store.save(camera) }
        return store
    }

    /// A 2-second pass of `plate` at `camera`, `seconds` after the start.
    @discardableResult
    private func read(_ store: IncidentStore, at camera: String, after seconds: TimeInterval, plate: String = "黑A12345",
                      confidence: Double = 0.99, hit: Incident? = nil) throws -> (Sighting, Incident?, isNew: Bool) {
        let time = start.addingTimeInterval(seconds)
        let sighting = Sighting(cameraId: camera, kind: .plate, label: plate, firstSeen: time, lastSeen: time.addingTimeInterval(2),
                                bestTime: time.addingTimeInterval(1), mediaOffset: 1, box: (0, 0, 100, 30),
                                confidence: confidence, frames: 5)
        return try store.record(sighting, incident: hit)
    }

    private func cloned(_ store: IncidentStore) throws -> [Incident] {
        try store.incidents().filter { $0.type == .clonedPlate }
    }

    @Test func twoCamerasThirtyKilometresApartWithinFiveMinutesRaiseOneIncident() throws {
        let store = try makeStore()
        let (first, _, _) = try read(store, at: "gate-1", after: 0)
        let (second, raised, isNew) = try read(store, at: "gate-7", after: 300)
        #expect(raised == nil && !isNew, "the returned incident is the watchlist hit's")
        let incident = try #require(try cloned(store).first)
        #expect(incident.sightingId == second.id && incident.pairedSightingId == first.id)
        #expect(incident.cameraId == "gate-7" && incident.kind == .plate && incident.subject == "黑A12345")
        #expect(incident.severity == .high && incident.watchlist == nil && incident.status == .open)
        #expect(incident.latitude == 46.0298 && incident.longitude == 126.650)
        #expect(incident.reason == "read at gate-1 and gate-7, 30.0 km apart, 4 min 58 s between: 362 km/h")
        #expect(second.incidentId == incident.id)
        #expect(hook.value == 1)

        let (third, _, _) = try read(store, at: "gate-7", after: 360)
        let incidents = try cloned(store)
        #expect(incidents.count == 1, "one alert per cloned plate, not one per pass")
        #expect(incidents.first?.sightings == 2)
        #expect(third.incidentId == incident.id)
        #expect(hook.value == 1)
    }

    @Test func anHourApartIsOneCarDriving() throws {
        let store = try makeStore()
        try read(store, at: "gate-1", after: 0)
        try read(store, at: "gate-7", after: 3600)
        #expect(try store.incidents().isEmpty)
        #expect(hook.value == 0)
    }

    @Test(arguments: [(0.6, 0.99), (0.99, 0.6)])
    func lowConfidenceReadsDoNotCount(first: Double, second: Double) throws {
        let store = try makeStore()
        try read(store, at: "gate-1", after: 0, confidence: first)
        try read(store, at: "gate-7", after: 300, confidence: second)
        #expect(try store.incidents().isEmpty)
    }

    @Test(arguments: [("lot-9", "gate-7"), ("gate-7", "lot-9")])
    func camerasWithoutPositionsDoNotCount(first: String, second: String) throws {
        let store = try makeStore()
        try read(store, at: first, after: 0)
        try read(store, at: second, after: 1)
        #expect(try store.incidents().isEmpty)
    }

    @Test func nearbyCamerasMaySeeTheCarAtOnce() throws {
        let store = try makeStore()
        try read(store, at: "gate-1", after: 0)
        try read(store, at: "gate-2", after: 0)
        #expect(try store.incidents().isEmpty)
    }

    @Test func farCamerasAtTheSameMomentNeedNoSpeed() throws {
        let store = try makeStore()
        try read(store, at: "gate-1", after: 0)
        try read(store, at: "gate-7", after: 1)
        #expect(try cloned(store).map(\.reason) == ["read at gate-1 and gate-7, 30.0 km apart, at the same time"])
    }

    @Test func aReadStoredLateIsComparedByItsTime() throws {
        let store = try makeStore()
        // gate-7's pass ended later than gate-1's but was written first (each camera writes when its pass ends).
        try read(store, at: "gate-7", after: 300)
        try read(store, at: "gate-1", after: 0)
        #expect(try cloned(store).map(\.cameraId) == ["gate-1"])
    }

    @Test func otherPlatesAndTheSwitchedOffRuleRaiseNothing() throws {
        let store = try makeStore()
        try read(store, at: "gate-1", after: 0)
        try read(store, at: "gate-7", after: 300, plate: "黑A12346")
        #expect(try store.incidents().isEmpty)
        let off = try makeStore(nil)
        try read(off, at: "gate-1", after: 0)
        try read(off, at: "gate-7", after: 300)
        #expect(try off.incidents().isEmpty)
    }

    @Test func aHotlistHitKeepsItsIncidentBesideTheClonedPlate() throws {
        let store = try makeStore()
        let hit = Incident(cameraId: "gate-7", kind: .plate, subject: "黑A12345", watchlist: "hotlist", reason: "stolen",
                           severity: .critical)
        try read(store, at: "gate-1", after: 0)
        let (sighting, raised, isNew) = try read(store, at: "gate-7", after: 300, hit: hit)
        #expect(isNew && raised?.type == .watchlistHit)
        #expect(sighting.incidentId == raised?.id, "the sighting points at the hit")
        #expect(try store.incidents().map(\.type).sorted { $0.rawValue > $1.rawValue } == [.watchlistHit, .clonedPlate])
        #expect(hook.value == 2)
        // The next hit at gate-7 joins the watchlist incident, not the cloned-plate one with the same subject.
        let (_, again, repeated) = try read(store, at: "gate-7", after: 330, hit: hit)
        #expect(!repeated && again?.id == raised?.id)
        #expect(try store.incidents().map(\.sightings) == [2, 2])
    }

    @Test func aSlowerRuleIsStricter() throws {
        let store = try makeStore(ClonedPlateRule(speedLimitKmh: 20, minimumConfidence: 0.5, lookBack: 7200, severity: .medium))
        try read(store, at: "gate-1", after: 0, confidence: 0.6)
        try read(store, at: "gate-7", after: 3600, confidence: 0.6)
        #expect(try cloned(store).map(\.severity) == [.medium])
    }
}

/// How many times a `@Sendable` hook ran.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
