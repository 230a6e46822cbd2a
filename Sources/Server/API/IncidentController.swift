import Dispatching
import Foundation
import Hummingbird
import Incidents

/// `GET /api/incidents` (filtered, keyset-paged; `reviewed=false` for what the caller has not yet seen, `total=true`
/// for the count of the whole query), `GET /api/incidents/{id}` (with its sightings and orders) and
/// `POST /api/incidents/reviewed` (`{"ids": [...]}`: the caller's own "seen", up to 500 at once).
struct IncidentController: Sendable {
    let services: APIServices
    var auditor: Auditor { Auditor(store: services.records) }

    func addRoutes(to group: RouterGroup<ServerRequestContext>) {
        group.get(use: auditor.auditingRefusals(route: "/api/incidents", list))
        group.get("{id}", use: auditor.auditingRefusals(route: "/api/incidents/{id}", show))
        group.post("reviewed", use: markReviewed)
    }

    @Sendable func list(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let caller = try context.caller(needing: .incidents)
        let query = try QueryParameters(request, allowed: QueryParameters.historyNames.union(["limit", "cursor", "reviewed", "total"]))
        var filter = try query.historyFilter(for: caller)
        if let reviewed = try query.flag("reviewed") { filter.review = ReviewFilter(reviewer: caller.name, reviewed: reviewed) }
        let page = try query.page(), store = services.records
        let result = try await store.incidents(matching: filter, page: page)
        let total = try await query.flag("total") == true ? store.incidentCount(matching: filter) : nil
        try await auditor.record(caller, request, route: "/api/incidents", filters: query.audited, rows: result.items.count)
        let items = try await views(of: result.items, for: caller)
        let body = PageView(items: items, nextCursor: result.nextCursor, total: total)
        return try context.responseEncoder.encode(body, from: request, context: context)
    }

    @Sendable func show(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let caller = try context.caller(needing: .incidents)
        _ = try QueryParameters(request, allowed: [])
        let id = try context.parameters.require("id", as: Int64.self)
        let store = services.records
        guard let row = try await store.incident(id: id, scope: caller.scope) else { throw ServerError.notFound("no incident \(id)") }
        let sightings = try await store.sightings(ids: try await store.sightingIds(of: row.incident, limit: 200), scope: HistoryFilter())
        let orders = try await store.orderRecords(states: [], force: caller.ownForceOnly, incidents: [id], limit: 200)
        try await auditor.record(caller, request, route: "/api/incidents/{id}", filters: ["id": "\(id)"], rows: 1)
        let body = IncidentDetailView(incident: try await views(of: [row], for: caller)[0],
                                      sightings: sightings.map { SightingView($0, for: caller) },
                                      orders: orders.map { OrderView($0, for: caller.audience) })
        return try context.responseEncoder.encode(body, from: request, context: context)
    }

    /// The rows as `caller` sees them, with when the caller reviewed each.
    private func views(of rows: [IncidentRow], for caller: Caller) async throws -> [IncidentView] {
        let reviewed = try await services.records.reviewTimes(of: rows.compactMap(\.incident.id), by: caller.name)
        return rows.map { row in
            var view = IncidentView(row, for: caller)
            view.reviewedAt = reviewed[view.id]
            return view
        }
    }

    struct ReviewBody: Decodable { var ids: [Int64] }
    struct ReviewResult: Codable { var reviewed: Int }

    @Sendable func markReviewed(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let caller = try context.caller(needing: .incidents)
        _ = try QueryParameters(request, allowed: [])
        var request = request
        let bytes = try await request.collectBody(upTo: 64 * 1024)
        let ids: [Int64]
        do { ids = try StatusJSON.decoder().decode(ReviewBody.self, from: Data(bytes.readableBytesView)).ids } catch {
            throw ServerError.badRequest("give the incidents as {\"ids\": [1, 2, 3]}")
        }
        guard (1...500).contains(ids.count) else { throw ServerError.badRequest("ids: give 1 to 500 incident ids") }
        let count = try await services.records.markReviewed(ids, by: caller.name, scope: caller.scope)
        return try context.responseEncoder.encode(ReviewResult(reviewed: count), from: request, context: context)
    }
}

/// An incident with the sightings that raised or joined it and every order sent for it.
struct IncidentDetailView: Codable, Sendable {
    var incident: IncidentView
    var sightings: [SightingView]
    var orders: [OrderView]
}
