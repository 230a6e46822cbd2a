package import Foundation
import GRDB

/// A plate read at two cameras further apart than a car can go in the time between the reads.
package struct PlateConflict {
    /// The other read, and where it was.
    package let pairedSightingId: Int64
    let pairedCameraId: String
    /// Metres between the cameras.
    let distance: Double
    /// Seconds between the end of one pass and the start of the other (0 when they overlap).
    let elapsed: TimeInterval

    /// Under a second apart is "at the same time": no speed, and no division by almost nothing.
    var isSimultaneous: Bool { elapsed < 1 }
    var speedKmh: Double { isSimultaneous ? .infinity : distance / 1000 / (elapsed / 3600) }

    /// `read at gate-1 and gate-7, 31.2 km apart, 4 min 10 s between: 449 km/h`
    package func reason(cameraId: String) -> String {
        let apart = String(format: "%.1f km apart", distance / 1000)
        let timing = isSimultaneous ? "at the same time" : "\(Self.text(elapsed)) between: \(String(format: "%.0f", speedKmh)) km/h"
        return "read at \(pairedCameraId) and \(cameraId), \(apart), \(timing)"
    }

    static func text(_ seconds: TimeInterval) -> String {
        let whole = Int(seconds.rounded())
        let (hours, minutes, rest) = (whole / 3600, whole % 3600 / 60, whole % 60)
        if hours > 0 { return minutes > 0 ? "\(hours) h \(minutes) min" : "\(hours) h" }
        if minutes > 0 { return rest > 0 ? "\(minutes) min \(rest) s" : "\(minutes) min" }
        return "\(rest) s"
    }
}

extension ClonedPlateRule {
    /// The conflict with the highest implied speed between `sighting` (stored, at `place`) and the confident reads of
    /// the same plate at other cameras with a position, within `lookBack` either side: passes are stored when they
    /// end, camera by camera, not in time order. The (kind, label, firstSeen) index bounds the search.
    func conflict(for sighting: Sighting, at place: Coordinate, _ db: Database) throws -> PlateConflict? {
        guard sighting.kind == .plate, let plate = sighting.label, let id = sighting.id,
              sighting.confidence >= minimumConfidence else { return nil }
        let rows = try Row.fetchAll(db, sql: """
            SELECT sighting.id, sighting.cameraId, sighting.firstSeen, sighting.lastSeen, camera.latitude, camera.longitude
            FROM sighting JOIN camera ON camera.id = sighting.cameraId
            WHERE sighting.kind = 'plate' AND sighting.label = ? AND sighting.firstSeen BETWEEN ? AND ?
              AND sighting.id != ? AND sighting.cameraId != ? AND sighting.confidence >= ?
              AND camera.latitude IS NOT NULL AND camera.longitude IS NOT NULL
            ORDER BY sighting.firstSeen DESC LIMIT 1000
            """, arguments: [plate, sighting.firstSeen.addingTimeInterval(-lookBack), sighting.lastSeen.addingTimeInterval(lookBack),
                             id, sighting.cameraId, minimumConfidence])
        return strongestConflict(for: sighting, at: place, among: rows.map { row in
            PlateRead(id: row["id"], cameraId: row["cameraId"], firstSeen: row["firstSeen"], lastSeen: row["lastSeen"],
                      place: Coordinate(latitude: row["latitude"], longitude: row["longitude"]))
        })
    }

    /// Of the other confident reads of the plate (what the query above finds, on either back end), the one with the
    /// highest implied speed past the limit, at least `minimumDistance` away.
    package func strongestConflict(for sighting: Sighting, at place: Coordinate, among reads: [PlateRead]) -> PlateConflict? {
        reads.compactMap { read -> PlateConflict? in
            let conflict = PlateConflict(
                pairedSightingId: read.id, pairedCameraId: read.cameraId, distance: place.distance(to: read.place),
                elapsed: max(0, max(read.firstSeen, sighting.firstSeen).timeIntervalSince(min(read.lastSeen, sighting.lastSeen))))
            return conflict.distance >= minimumDistance && conflict.speedKmh > speedLimitKmh ? conflict : nil
        }.max { $0.speedKmh < $1.speedKmh }
    }
}

/// Another read of a plate, where its camera stands: a candidate for `ClonedPlateRule.strongestConflict`.
package struct PlateRead {
    package let id: Int64
    package let cameraId: String
    package let firstSeen: Date
    package let lastSeen: Date
    package let place: Coordinate

    package init(id: Int64, cameraId: String, firstSeen: Date, lastSeen: Date, place: Coordinate) {
        self.id = id
        self.cameraId = cameraId
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.place = place
    }
}
