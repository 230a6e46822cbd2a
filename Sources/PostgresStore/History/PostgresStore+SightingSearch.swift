public import Incidents
import PostgresNIO

extension PostgresStore {
    /// One page of sightings matching `filter` (cameras, kinds, subject as the label, plate over every read, grids,
    /// time range on `firstSeen`), newest first unless the filter says otherwise.
    public func sightings(matching filter: HistoryFilter, page: PageRequest) async throws -> Page<SightingRow> {
        let query = PostgresKeysetQuery(name: "sightings", table: "sighting", time: "firstSeen", select: """
            SELECT "sighting".*, \(Self.cameraColumns), \(cursorTime(#""sighting"."firstSeen""#)) AS "cursorTime"
            FROM "sighting" LEFT JOIN "camera" ON "camera"."id" = "sighting"."cameraId"
            """, conditions: Self.sightingConditions(for: filter))
        return try await keysetPage(query, filter: filter, page: page, items: sightingRows)
    }

    /// Sightings by id, with camera and reads; ids the scope does not allow are left out.
    public func sightings(ids: [Int64], scope: HistoryFilter = HistoryFilter()) async throws -> [SightingRow] {
        guard !ids.isEmpty else { return [] }
        var conditions = PostgresConditions()
        conditions.any(#""sighting"."id""#, in: ids)
        conditions.only(#""camera"."grid""#, in: scope.onlyGrids)
        return try await sightingRows(try await rows(conditions.query("""
            SELECT "sighting".*, \(Self.cameraColumns) FROM "sighting" LEFT JOIN "camera" ON "camera"."id" = "sighting"."cameraId"
            \(conditions.whereClause) ORDER BY "sighting"."firstSeen", "sighting"."id"
            """)))
    }

    /// The sightings an incident links: the one that raised it, those that joined it, a cloned plate's other read.
    public func sightingIds(of incident: Incident, limit: Int = 200) async throws -> [Int64] {
        try await rows("""
            SELECT "id" FROM "sighting" WHERE "incidentId" = \(incident.id) OR "id" IN (\(incident.sightingId), \(incident.pairedSightingId))
            ORDER BY "firstSeen", "id" LIMIT \(limit)
            """).map { try $0.value("id") }
    }

    /// The sighting, if `scope` lets its caller see it: unscoped callers see every sighting; scoped ones (patrol,
    /// community) only sightings of incidents in their scope.
    public func visibleSighting(id: Int64, scope: HistoryFilter) async throws -> Sighting? {
        if scope.onlyGrids != nil || scope.onlyForce != nil {
            var conditions = Self.conditions(for: scope.scopeOnly)
            let sighting = conditions.bind(id)
            conditions.add("""
                ("incident"."sightingId" = \(sighting) OR "incident"."pairedSightingId" = \(sighting)
                 OR "incident"."id" = (SELECT "incidentId" FROM "sighting" WHERE "id" = \(sighting)))
                """)
            let visible = try await rows(conditions.query("""
                SELECT 1 FROM "incident" LEFT JOIN "camera" ON "camera"."id" = "incident"."cameraId" \(conditions.whereClause) LIMIT 1
                """))
            guard !visible.isEmpty else { return nil }
        }
        return try await rows(#"SELECT * FROM "sighting" WHERE "id" = \#(id)"#).first?.sighting()
    }

    static let cameraColumns = #""camera"."name" AS "cameraName", "camera"."grid" AS "cameraGrid", "camera"."latitude" AS "cameraLatitude", "camera"."longitude" AS "cameraLongitude", "camera"."kind" AS "cameraKind""#

    /// Rows with each plate's reads, in the SQLite store's order (by text, compared as bytes: `COLLATE "C"`).
    func sightingRows(_ rows: [PostgresRandomAccessRow]) async throws -> [SightingRow] {
        let sightings = try rows.map { try $0.sighting() }
        let plateIds = sightings.filter { $0.kind == .plate }.compactMap(\.id)
        var reads: [Int64: [String]] = [:]
        if !plateIds.isEmpty {
            for row in try await self.rows("""
                SELECT "sightingId", "text" FROM "plateRead" WHERE "sightingId" = ANY(\(plateIds)) ORDER BY "text" COLLATE "C"
                """) {
                reads[try row.value("sightingId"), default: []].append(try row.value("text"))
            }
        }
        return try zip(rows, sightings).map { row, sighting in
            let latitude = try row.value("cameraLatitude", as: Double?.self)
            let longitude = try row.value("cameraLongitude", as: Double?.self)
            let camera = latitude.flatMap { latitude in longitude.map { Coordinate(latitude: latitude, longitude: $0) } }
            return SightingRow(sighting, cameraName: try row.value("cameraName"), grid: try row.value("cameraGrid"),
                               camera: camera, cameraKind: try row.value("cameraKind", as: String?.self).flatMap(Camera.Kind.init),
                               reads: sighting.id.flatMap { reads[$0] } ?? [])
        }
    }

    /// The sighting filters, as the SQLite store applies them (the planner needs no hints here: PostgreSQL's
    /// statistics keep it on the plate-read index when a plate is given).
    static func sightingConditions(for filter: HistoryFilter) -> PostgresConditions {
        var conditions = PostgresConditions()
        if let plate = filter.plate {
            let onReads = plate.condition(on: #""text""#, &conditions)
            conditions.add(#""sighting"."id" IN (SELECT "sightingId" FROM "plateRead" WHERE \#(onReads))"#)
        }
        conditions.any(#""sighting"."cameraId""#, in: filter.cameras)
        conditions.any(#""sighting"."kind""#, in: filter.kinds.map(\.rawValue))
        if let subject = filter.subject { conditions.add(#""sighting"."label" = \#(conditions.bind(subject))"#) }
        conditions.any(#""camera"."grid""#, in: filter.grids)
        conditions.only(#""camera"."grid""#, in: filter.onlyGrids)
        if let from = filter.from { conditions.add(#""sighting"."firstSeen" >= \#(conditions.bind(from))"#) }
        if let to = filter.to { conditions.add(#""sighting"."firstSeen" < \#(conditions.bind(to))"#) }
        return conditions
    }
}
