import Foundation
import Incidents

/// A trajectory as the API sends it: points in time order, and the legs between cameras.
struct TrajectoryView: Codable, Sendable {
    struct Leg: Codable, Sendable {
        var fromSightingId: Int64
        var toSightingId: Int64
        var fromCamera: String
        var toCamera: String
        var distanceMeters: Double?
        var seconds: Double
        var speedKmh: Double?
        /// Faster than the speed limit: the two reads cannot be the same vehicle or person.
        var impossible: Bool
    }

    var subject: String
    var speedLimitKmh: Double
    var points: [SightingView]
    var legs: [Leg]
    var truncated: Bool

    init(subject: String, trajectory: Trajectory, speedLimitKmh: Double, for caller: Caller) {
        self.subject = subject
        self.speedLimitKmh = speedLimitKmh
        points = trajectory.points.map { SightingView($0, for: caller) }
        legs = trajectory.legs.map {
            Leg(fromSightingId: $0.fromSightingId, toSightingId: $0.toSightingId, fromCamera: $0.fromCamera,
                toCamera: $0.toCamera, distanceMeters: $0.distanceMeters, seconds: $0.seconds, speedKmh: $0.speedKmh,
                impossible: $0.exceedsSpeedLimit)
        }
        truncated = trajectory.truncated
    }
}
