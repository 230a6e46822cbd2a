import GRDB

/// A sighting with its camera's name, grid and position (the sighting's own when it has one), and (for plates) every text the pass was read as.
public struct SightingRow: Sendable, Equatable {
    public var sighting: Sighting
    public var cameraName: String?
    public var grid: String?
    public var latitude: Double?
    public var longitude: Double?
    public var reads: [String]
}

extension IncidentStore {
    /// One page of sightings matching `filter` (cameras, kinds, subject as the label, plate over every read, grids,
    /// time range on `firstSeen`), newest first unless the filter says otherwise.
    public func sightings(matching filter: HistoryFilter, page: PageRequest) throws -> Page<SightingRow> {
        let query = KeysetQuery(name: "sightings", table: "sighting", time: "firstSeen", select: """
            SELECT sighting.*, \(Self.cameraColumns), sighting.firstSeen AS cursorTime
            FROM sighting LEFT JOIN camera ON camera.id = sighting.cameraId
            """, conditions: Self.sightingConditions(for: filter), timeUnindexed: filter.plate != nil)
        return try keysetPage(query, filter: filter, page: page, items: Self.sightingRows)
    }

    /// Sightings by id, with camera and reads; ids the scope does not allow are left out.
    public func sightings(ids: [Int64], scope: HistoryFilter = HistoryFilter()) throws -> [SightingRow] {
        guard !ids.isEmpty else { return [] }
        var conditions = SQLConditions()
        conditions.any("sighting.id", in: ids)
        conditions.only("camera.grid", in: scope.onlyGrids)
        return try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT sighting.*, \(Self.cameraColumns) FROM sighting LEFT JOIN camera ON camera.id = sighting.cameraId
                \(conditions.whereClause) ORDER BY sighting.firstSeen, sighting.id
                """, arguments: conditions.arguments)
            return try Self.sightingRows(rows, db)
        }
    }

    /// The sightings an incident links: the one that raised it, those that joined it, a cloned plate's other read.
    public func sightingIds(of incident: Incident, limit: Int = 200) throws -> [Int64] {
        try read { db in
            try Int64.fetchAll(db, sql: """
                SELECT id FROM sighting WHERE incidentId = ? OR id IN (?, ?) ORDER BY firstSeen, id LIMIT ?
                """, arguments: [incident.id, incident.sightingId, incident.pairedSightingId, limit])
        }
    }

    static let cameraColumns = "camera.name AS cameraName, camera.grid AS cameraGrid, camera.latitude AS cameraLatitude, camera.longitude AS cameraLongitude, camera.kind AS cameraKind"

    static func sightingRows(_ rows: [Row], _ db: Database) throws -> [SightingRow] {
        let plateIds = rows.filter { $0["kind"] == Sighting.Kind.plate.rawValue }.map { $0["id"] as Int64 }
        var reads: [Int64: [String]] = [:]
        if !plateIds.isEmpty {
            var conditions = SQLConditions()
            conditions.any("sightingId", in: plateIds)
            for row in try Row.fetchAll(db, sql: "SELECT sightingId, text FROM plateRead \(conditions.whereClause) ORDER BY text",
                                        arguments: conditions.arguments) {
                reads[row["sightingId"], default: []].append(row["text"])
            }
        }
        return try rows.map { row in
            let sighting = try Sighting(row: row)
            // A sighting's own ground position (drones) wins over the camera's; a drone's configured position is
            // only its base, so a drone sighting without telemetry has no known position.
            let latitude: Double? = row["cameraLatitude"], longitude: Double? = row["cameraLongitude"]
            let isDrone = row["cameraKind"] == Camera.Kind.drone.rawValue
            let camera = isDrone ? nil : latitude.flatMap { latitude in longitude.map { Coordinate(latitude: latitude, longitude: $0) } }
            let place = sighting.position ?? camera
            return SightingRow(sighting: sighting, cameraName: row["cameraName"], grid: row["cameraGrid"],
                               latitude: place?.latitude, longitude: place?.longitude,
                               reads: sighting.id.flatMap { reads[$0] } ?? [])
        }
    }

    static func sightingConditions(for filter: HistoryFilter) -> SQLConditions {
        var conditions = SQLConditions()
        // A plate's reads are few (hundreds in a week) and found through the plateRead index; the other columns are
        // then compared with a unary + so that SQLite does not walk a kind or time index over every sighting instead
        // (it did: 800,000 plate rows for one trajectory, 0.4 s).
        let column = filter.plate == nil ? "sighting." : "+sighting."
        if let plate = filter.plate {
            let onReads = plate.condition(on: "text")
            conditions.add("sighting.id IN (SELECT sightingId FROM plateRead WHERE \(onReads.sql))", onReads.arguments)
        }
        conditions.any(column + "cameraId", in: filter.cameras)
        conditions.any(column + "kind", in: filter.kinds.map(\.rawValue))
        if let subject = filter.subject { conditions.add(column + "label = ?", [subject]) }
        conditions.any("camera.grid", in: filter.grids)
        conditions.only("camera.grid", in: filter.onlyGrids)
        if let from = filter.from { conditions.add(column + "firstSeen >= ?", [from]) }
        if let to = filter.to { conditions.add(column + "firstSeen < ?", [to]) }
        return conditions
    }
}

extension IncidentStore {
    /// The sighting, if `scope` lets its caller see it: unscoped callers see every sighting; scoped ones (patrol,
    /// community) only sightings of incidents in their scope.
    public func visibleSighting(id: Int64, scope: HistoryFilter) throws -> Sighting? {
        guard scope.onlyGrids != nil || scope.onlyForce != nil else {
            return try read { db in try Sighting.fetchOne(db, key: id) }
        }
        var conditions = Self.conditions(for: scope.scopeOnly)
        conditions.add("(incident.sightingId = ? OR incident.pairedSightingId = ? OR incident.id = (SELECT incidentId FROM sighting WHERE id = ?))", [id, id, id])
        return try read { db in
            let visible = try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM incident LEFT JOIN camera ON camera.id = incident.cameraId \(conditions.whereClause))
                """, arguments: conditions.arguments) ?? false
            return visible ? try Sighting.fetchOne(db, key: id) : nil
        }
    }
}
