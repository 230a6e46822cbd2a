import Foundation
import Incidents
import Testing

/// A drone sighting's own ground position is what history and trajectories show, not the drone's base.
struct SightingPositionTests {
    private func plate(_ camera: String, at time: Date, position: (Double, Double)?) -> Sighting {
        Sighting(cameraId: camera, kind: .plate, label: "黑A12345", firstSeen: time, lastSeen: time, bestTime: time,
                 mediaOffset: 0, box: (0, 0, 100, 30), confidence: 0.9, frames: 3,
                 position: position.map { (latitude: $0.0, longitude: $0.1) })
    }

    private func store() throws -> IncidentStore {
        let store = try IncidentStore()
        try store.save(Camera(id: "gate", name: "gate", kind: .fixed, url: "rtsp://gate", latitude: 45.70, longitude: 126.60))
        try store.save(Camera(id: "drone", name: "drone", kind: .drone, url: "udp://d", latitude: 45.80, longitude: 126.70))
        return store
    }

    @Test func historyShowsTheSightingsOwnPositionAndNoneForADroneWithoutTelemetry() throws {
        let store = try store()
        let start = Date(timeIntervalSince1970: 1_796_000_000)
        try store.record(plate("gate", at: start, position: nil))
        try store.record(plate("drone", at: start.addingTimeInterval(60), position: (45.75, 126.65)))
        try store.record(plate("drone", at: start.addingTimeInterval(120), position: nil))
        let rows = try store.trajectory(plate: try PlateQuery("黑A12345"), from: nil, to: nil).points
        #expect(rows.map(\.latitude) == [45.70, 45.75, nil], "camera, own ground point, unknown (not the drone's base)")
        #expect(rows.map(\.longitude) == [126.60, 126.65, nil])
    }

    @Test func aDronesTwoSightingsAtTwoPlacesMakeALeg() throws {
        let store = try store()
        let start = Date(timeIntervalSince1970: 1_796_000_000)
        try store.record(plate("drone", at: start, position: (45.75, 126.65)))
        try store.record(plate("drone", at: start.addingTimeInterval(100), position: (45.76, 126.65)))
        let legs = try store.trajectory(plate: try PlateQuery("黑A12345"), from: nil, to: nil).legs
        #expect(legs.count == 1)
        let distance = try #require(legs.first?.distanceMeters)
        #expect(abs(distance - 1112) < 5, "0.01° of latitude")
    }
}
