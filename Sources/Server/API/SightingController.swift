import Hummingbird
import Incidents

/// `GET /api/sightings`: the plate read log and face and motion passes, with the incident filters that apply.
struct SightingController: Sendable {
    let services: APIServices
    var auditor: Auditor { Auditor(store: services.records) }

    static let parameters: Set<String> = ["camera", "kind", "subject", "plate", "fuzzy", "grid", "from", "to", "order", "limit", "cursor"]

    func addRoutes(to group: RouterGroup<ServerRequestContext>) {
        group.get(use: auditor.auditingRefusals(route: "/api/sightings", list))
    }

    @Sendable func list(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let caller = try context.caller(needing: .history)
        let query = try QueryParameters(request, allowed: Self.parameters)
        let filter = try query.historyFilter(for: caller)
        let page = try query.page()
        let result = try await services.records.sightings(matching: filter, page: page)
        try await auditor.record(caller, request, route: "/api/sightings", filters: query.audited, rows: result.items.count)
        let body = PageView(items: result.items.map { SightingView($0, for: caller) }, nextCursor: result.nextCursor)
        return try context.responseEncoder.encode(body, from: request, context: context)
    }
}
