import Dispatching
import Hummingbird
import Incidents

/// `GET /api/incidents` (filtered, keyset-paged) and `GET /api/incidents/{id}` (with its sightings and orders).
struct IncidentController: Sendable {
    let services: APIServices
    var auditor: Auditor { Auditor(store: services.records) }

    func addRoutes(to group: RouterGroup<ServerRequestContext>) {
        group.get(use: auditor.auditingRefusals(route: "/api/incidents", list))
        group.get("{id}", use: auditor.auditingRefusals(route: "/api/incidents/{id}", show))
    }

    @Sendable func list(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let caller = try context.caller(needing: .incidents)
        let query = try QueryParameters(request, allowed: QueryParameters.historyNames.union(["limit", "cursor"]))
        let filter = try query.historyFilter(for: caller)
        let page = try query.page()
        let result = try await services.records.incidents(matching: filter, page: page)
        try await auditor.record(caller, request, route: "/api/incidents", filters: query.audited, rows: result.items.count)
        let body = PageView(items: result.items.map { IncidentView($0, for: caller) }, nextCursor: result.nextCursor)
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
        let body = IncidentDetailView(incident: IncidentView(row, for: caller),
                                      sightings: sightings.map { SightingView($0, for: caller) },
                                      orders: orders.map { OrderView($0, for: caller.audience, forceName: services.forceName(id: $0.order.forceId)) })
        return try context.responseEncoder.encode(body, from: request, context: context)
    }
}

/// An incident with the sightings that raised or joined it and every order sent for it.
struct IncidentDetailView: Codable, Sendable {
    var incident: IncidentView
    var sightings: [SightingView]
    var orders: [OrderView]
}
