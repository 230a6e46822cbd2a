public import Foundation
import GRDB

/// Where a plate or a person was seen, in time order, and how far and how fast they would have moved between
/// consecutive cameras. A leg faster than the speed limit is marked: the cloned-plate check, drawn on a map.
public struct Trajectory: Sendable, Equatable {
    public struct Leg: Sendable, Equatable {
        public var fromSightingId: Int64
        public var toSightingId: Int64
        public var fromCamera: String
        public var toCamera: String
        /// Nil when either end has no position (a drone sighting's own, else its camera's).
        public var distanceMeters: Double?
        public var seconds: Double
        public var speedKmh: Double?
        public var exceedsSpeedLimit: Bool
    }

    public var points: [SightingRow]
    public var legs: [Leg]
    /// More sightings matched than `limit`: the earliest `limit` are here; narrow the time range for the rest.
    public var truncated: Bool

    init(points: [SightingRow], truncated: Bool, speedLimitKmh: Double) {
        self.points = points
        self.truncated = truncated
        legs = zip(points, points.dropFirst()).compactMap { from, to in
            // Two passes at one fixed camera are no journey; a drone's sightings at two places are.
            let moved = from.sighting.position != nil && to.sighting.position != nil
            guard from.sighting.cameraId != to.sighting.cameraId || moved, let fromId = from.sighting.id, let toId = to.sighting.id
            else { return nil }
            let seconds = max(0, to.sighting.firstSeen.timeIntervalSince(from.sighting.lastSeen))
            let distance = from.coordinate.flatMap { start in to.coordinate.map(start.distance) }
            let speed = distance.map { seconds > 0 ? $0 / seconds * 3.6 : .infinity }
            return Leg(fromSightingId: fromId, toSightingId: toId, fromCamera: from.sighting.cameraId,
                       toCamera: to.sighting.cameraId, distanceMeters: distance, seconds: seconds,
                       speedKmh: speed.flatMap { $0.isFinite ? $0 : nil },
                       exceedsSpeedLimit: speed.map { $0 > speedLimitKmh } ?? false)
        }
    }
}

extension SightingRow {
    /// Where the sighting was: its own ground position (drones), else where its camera stands, when known.
    var coordinate: Coordinate? {
        guard let latitude, let longitude else { return nil }
        return Coordinate(latitude: latitude, longitude: longitude)
    }
}

extension IncidentStore {
    /// The most points a trajectory returns.
    public static let maximumTrajectoryPoints = 1000

    /// Every pass of a plate (any read of it, as `plate` matches) in time order.
    public func trajectory(plate: PlateQuery, from: Date?, to: Date?, scope: HistoryFilter = HistoryFilter(),
                           speedLimitKmh: Double = 150) throws -> Trajectory {
        var filter = HistoryFilter()
        filter.kinds = [.plate]
        filter.plate = plate
        return try trajectory(filter, from: from, to: to, scope: scope, speedLimitKmh: speedLimitKmh)
    }

    /// Every face pass matched to a watchlist identity, in time order; nil when there is no such identity.
    public func trajectory(identity id: Int64, from: Date?, to: Date?, scope: HistoryFilter = HistoryFilter(),
                           speedLimitKmh: Double = 150) throws -> (WatchlistIdentity, Trajectory)? {
        guard let identity = try read({ db in try WatchlistIdentity.fetchOne(db, key: id) }) else { return nil }
        var filter = HistoryFilter()
        filter.kinds = [.face]
        filter.subject = identity.name
        return (identity, try trajectory(filter, from: from, to: to, scope: scope, speedLimitKmh: speedLimitKmh))
    }

    private func trajectory(_ filter: HistoryFilter, from: Date?, to: Date?, scope: HistoryFilter,
                            speedLimitKmh: Double) throws -> Trajectory {
        var filter = filter
        filter.from = from
        filter.to = to
        filter.onlyGrids = scope.onlyGrids
        filter.newestFirst = false
        let page = try sightings(matching: filter, page: PageRequest(internal: Self.maximumTrajectoryPoints))
        return Trajectory(points: page.items, truncated: page.nextCursor != nil, speedLimitKmh: speedLimitKmh)
    }
}
