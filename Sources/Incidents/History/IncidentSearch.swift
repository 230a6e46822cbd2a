import GRDB
import Severities

/// An incident with what a reader needs beside it: its camera's name and grid.
public struct IncidentRow: Sendable, Equatable {
    public var incident: Incident
    public var cameraName: String?
    public var grid: String?
}

extension IncidentStore {
    /// One page of incidents matching `filter`, newest first unless the filter says otherwise.
    public func incidents(matching filter: HistoryFilter, page: PageRequest) throws -> Page<IncidentRow> {
        let query = KeysetQuery(name: "incidents", table: "incident", time: "createdAt", select: """
            SELECT incident.*, camera.name AS cameraName, camera.grid AS cameraGrid, incident.createdAt AS cursorTime
            FROM incident LEFT JOIN camera ON camera.id = incident.cameraId
            """, conditions: Self.conditions(for: filter))
        return try keysetPage(query, filter: filter, page: page) { rows, _ in try rows.map(Self.incidentRow) }
    }

    /// One incident, if it exists and `scope` (the caller's role limits, other fields ignored) allows it.
    public func incident(id: Int64, scope: HistoryFilter = HistoryFilter()) throws -> IncidentRow? {
        var conditions = Self.conditions(for: scope.scopeOnly)
        conditions.add("incident.id = ?", [id])
        return try read { db in
            try Row.fetchOne(db, sql: """
                SELECT incident.*, camera.name AS cameraName, camera.grid AS cameraGrid
                FROM incident LEFT JOIN camera ON camera.id = incident.cameraId \(conditions.whereClause)
                """, arguments: conditions.arguments)
        }.map(Self.incidentRow)
    }

    private static func incidentRow(_ row: Row) throws -> IncidentRow {
        IncidentRow(incident: try Incident(row: row), cameraName: row["cameraName"], grid: row["cameraGrid"])
    }

    static func conditions(for filter: HistoryFilter) -> SQLConditions {
        var conditions = SQLConditions()
        conditions.any("incident.cameraId", in: filter.cameras)
        conditions.any("incident.kind", in: filter.kinds.map(\.rawValue))
        conditions.any("incident.type", in: filter.types.map(\.rawValue))
        conditions.any("incident.severity", in: filter.severities.map(\.rawValue))
        conditions.any("incident.status", in: filter.statuses.map(\.rawValue))
        conditions.any("incident.watchlist", in: filter.watchlists)
        if let subject = filter.subject { conditions.add("incident.subject = ?", [subject]) }
        if let plate = filter.plate {
            let onSubject = plate.condition(on: "incident.subject"), onReads = plate.condition(on: "text")
            conditions.add("""
                (incident.kind = 'plate' AND (\(onSubject.sql)
                 OR incident.sightingId IN (SELECT sightingId FROM plateRead WHERE \(onReads.sql))))
                """, onSubject.arguments + onReads.arguments)
        }
        conditions.any("camera.grid", in: filter.grids)
        conditions.only("camera.grid", in: filter.onlyGrids)
        if let force = filter.onlyForce {
            conditions.add("incident.id IN (SELECT incidentId FROM dispatchOrder WHERE forceId = ?)", [force])
        }
        if let from = filter.from { conditions.add("incident.createdAt >= ?", [from]) }
        if let to = filter.to { conditions.add("incident.createdAt < ?", [to]) }
        if let review = filter.review {
            conditions.add("""
                \(review.reviewed ? "" : "NOT ")EXISTS (SELECT 1 FROM incidentReview
                WHERE incidentReview.incidentId = incident.id AND incidentReview.reviewer = ?)
                """, [review.reviewer])
        }
        return conditions
    }
}
