public import Incidents
import PostgresNIO
import Severities

extension PostgresStore {
    /// One page of incidents matching `filter`, newest first unless the filter says otherwise.
    public func incidents(matching filter: HistoryFilter, page: PageRequest) async throws -> Page<IncidentRow> {
        let query = PostgresKeysetQuery(name: "incidents", table: "incident", time: "createdAt", select: """
            SELECT "incident".*, "camera"."name" AS "cameraName", "camera"."grid" AS "cameraGrid", \(Self.clipColumns),
                \(cursorTime(#""incident"."createdAt""#)) AS "cursorTime"
            FROM "incident" LEFT JOIN "camera" ON "camera"."id" = "incident"."cameraId" \(Self.clipJoin)
            """, conditions: Self.conditions(for: filter))
        return try await keysetPage(query, filter: filter, page: page) { rows in try rows.map(Self.incidentRow) }
    }

    /// One incident, if it exists and `scope` (the caller's role limits, other fields ignored) allows it.
    public func incident(id: Int64, scope: HistoryFilter = HistoryFilter()) async throws -> IncidentRow? {
        var conditions = Self.conditions(for: scope.scopeOnly)
        conditions.add(#""incident"."id" = \#(conditions.bind(id))"#)
        return try await rows(conditions.query("""
            SELECT "incident".*, "camera"."name" AS "cameraName", "camera"."grid" AS "cameraGrid", \(Self.clipColumns)
            FROM "incident" LEFT JOIN "camera" ON "camera"."id" = "incident"."cameraId" \(Self.clipJoin)
            \(conditions.whereClause)
            """)).first.map(Self.incidentRow)
    }

    /// The incident's clip, once complete (`incidentClip`, v10), as the SQLite store joins it.
    private static let clipColumns = #""incidentClip"."path" AS "clipPath", "incidentClip"."hitOffset" AS "clipHitOffset""#
    private static let clipJoin = #"LEFT JOIN "incidentClip" ON "incidentClip"."incidentId" = "incident"."id""#

    private static func incidentRow(_ row: PostgresRandomAccessRow) throws -> IncidentRow {
        var incident = IncidentRow(try row.incident(), cameraName: try row.value("cameraName"), grid: try row.value("cameraGrid"))
        incident.clipPath = try row.value("clipPath")
        incident.clipHitOffset = try row.value("clipHitOffset")
        return incident
    }

    /// The incident filters, as the SQLite store applies them.
    static func conditions(for filter: HistoryFilter) -> PostgresConditions {
        var conditions = PostgresConditions()
        conditions.any(#""incident"."cameraId""#, in: filter.cameras)
        conditions.any(#""incident"."kind""#, in: filter.kinds.map(\.rawValue))
        conditions.any(#""incident"."type""#, in: filter.types.map(\.rawValue))
        conditions.any(#""incident"."severity""#, in: filter.severities.map(\.rawValue))
        conditions.any(#""incident"."status""#, in: filter.statuses.map(\.rawValue))
        conditions.any(#""incident"."watchlist""#, in: filter.watchlists)
        if let subject = filter.subject { conditions.add(#""incident"."subject" = \#(conditions.bind(subject))"#) }
        if let plate = filter.plate {
            let onSubject = plate.condition(on: #""incident"."subject""#, &conditions)
            let onReads = plate.condition(on: #""text""#, &conditions)
            conditions.add("""
                ("incident"."kind" = 'plate' AND (\(onSubject)
                 OR "incident"."sightingId" IN (SELECT "sightingId" FROM "plateRead" WHERE \(onReads))))
                """)
        }
        conditions.any(#""camera"."grid""#, in: filter.grids)
        conditions.only(#""camera"."grid""#, in: filter.onlyGrids)
        if let force = filter.onlyForce {
            conditions.add(#""incident"."id" IN (SELECT "incidentId" FROM "dispatchOrder" WHERE "forceId" = \#(conditions.bind(force)))"#)
        }
        if let from = filter.from { conditions.add(#""incident"."createdAt" >= \#(conditions.bind(from))"#) }
        if let to = filter.to { conditions.add(#""incident"."createdAt" < \#(conditions.bind(to))"#) }
        if let review = filter.review {
            conditions.add("""
                \(review.reviewed ? "" : "NOT ")EXISTS (SELECT 1 FROM "incidentReview"
                WHERE "incidentReview"."incidentId" = "incident"."id" AND "incidentReview"."reviewer" = \(conditions.bind(review.reviewer)))
                """)
        }
        return conditions
    }
}
