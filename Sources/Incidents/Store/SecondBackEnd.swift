package import Foundation

// What a second back end (PostgresStore, #22) needs from this module to give the SQLite store's answers exactly:
// the same cursors, the same fuzzy plate texts, the same rows and trajectories, built by the same code.

/// The history's keyset cursors, shared by both back ends (see `Cursor`).
package enum KeysetCursor {
    /// The cursor after the row (`time` as the back end stores it, `id`) of the list `name` under `filter`.
    package static func encode(time: String, id: Int64, list name: String, filter: HistoryFilter) -> String {
        Cursor(time: time, id: id).encoded(for: name + "|" + filter.fingerprint)
    }

    /// The position a cursor continues from, refused when it was issued for another list or filter.
    package static func decode(_ token: String, list name: String,
                               filter: HistoryFilter) throws(HistoryQueryError) -> (time: String, id: Int64) {
        let cursor = try Cursor.decode(token, for: name + "|" + filter.fingerprint)
        return (cursor.time, cursor.id)
    }
}

extension PlateQuery {
    /// The texts a fuzzy or exact query looks up (`variants()`); for a wildcard, the pattern itself.
    package var lookupTexts: [String] { variants() }
}

extension Page {
    package init(items: [Item], next: String?) { self.init(items: items, nextCursor: next) }
}

extension IncidentRow {
    package init(_ incident: Incident, cameraName: String?, grid: String?) {
        self.init(incident: incident, cameraName: cameraName, grid: grid)
    }
}

extension SightingRow {
    /// A sighting placed where it was: its own ground position (drones) wins over its camera's; a drone's configured
    /// position is only its base, so a drone sighting without telemetry has no known position.
    package init(_ sighting: Sighting, cameraName: String?, grid: String?, camera: Coordinate?, cameraKind: Camera.Kind?,
                 reads: [String]) {
        let place = sighting.position ?? (cameraKind == .drone ? nil : camera)
        self.init(sighting: sighting, cameraName: cameraName, grid: grid, latitude: place?.latitude,
                  longitude: place?.longitude, reads: reads)
    }
}

extension Trajectory {
    package init(_ points: [SightingRow], truncated: Bool, speedLimitKmh: Double) {
        self.init(points: points, truncated: truncated, speedLimitKmh: speedLimitKmh)
    }
}

extension FeedEvent {
    package init(_ id: Int64, type: EventType, incidentId: Int64, orderId: String?, transitionId: Int64?, at: Date) {
        self.init(id: id, type: type, incidentId: incidentId, orderId: orderId, transitionId: transitionId, at: at)
    }
}

extension IncidentStore {
    /// Removes snapshot files after the rows that named them committed; how many were removed (see `remove`).
    package static func removeFiles(_ files: [String]) -> Int { remove(files) }
}

extension IncidentStore.StoredFaceEmbedding {
    package init(_ sightingId: Int64, cameraId: String, seenAt: Date, bytes: Data) {
        self.init(sightingId: sightingId, cameraId: cameraId, seenAt: seenAt, bytes: bytes)
    }
}
