import Foundation
import Hummingbird
import Incidents

/// `GET /api/plates/{plate}/trajectory` and `GET /api/identities/{id}/trajectory`: where a plate or a watchlist
/// identity was seen, in time order, with distances and implied speeds between cameras.
struct TrajectoryController: Sendable {
    let services: APIServices
    var auditor: Auditor { Auditor(store: services.records) }

    func addRoutes(to group: RouterGroup<ServerRequestContext>) {
        group.get("plates/{plate}/trajectory", use: auditor.auditingRefusals(route: "/api/plates/{plate}/trajectory", plate))
        group.get("identities/{id}/trajectory", use: auditor.auditingRefusals(route: "/api/identities/{id}/trajectory", identity))
    }

    @Sendable func plate(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let caller = try context.caller(needing: .trajectories)
        let query = try QueryParameters(request, allowed: ["from", "to", "fuzzy"])
        let raw = try context.parameters.require("plate")
        let plate = try PlateQuery(try QueryParameters.text(raw.removingPercentEncoding ?? raw, named: "plate"), fuzzy: try query.integer("fuzzy") ?? 0)
        let (from, to) = (try query.date("from"), try query.date("to"))
        let trajectory = try await services.records.trajectory(plate: plate, from: from, to: to, scope: caller.scope,
                                                               speedLimitKmh: services.speedLimitKmh)
        var filters = query.audited
        filters["plate"] = plate.description
        try await auditor.record(caller, request, route: "/api/plates/{plate}/trajectory", filters: filters,
                                 rows: trajectory.points.count)
        let body = TrajectoryView(subject: plate.text, trajectory: trajectory, speedLimitKmh: services.speedLimitKmh, for: caller)
        return try context.responseEncoder.encode(body, from: request, context: context)
    }

    @Sendable func identity(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let caller = try context.caller(needing: .trajectories)
        let query = try QueryParameters(request, allowed: ["from", "to"])
        let id = try context.parameters.require("id", as: Int64.self)
        let (from, to) = (try query.date("from"), try query.date("to"))
        let found = try await services.records.trajectory(identity: id, from: from, to: to, scope: caller.scope,
                                                          speedLimitKmh: services.speedLimitKmh)
        guard let (identity, trajectory) = found else { throw ServerError.notFound("no watchlist identity \(id)") }
        var filters = query.audited
        filters["identity"] = "\(id)"
        try await auditor.record(caller, request, route: "/api/identities/{id}/trajectory", filters: filters,
                                 rows: trajectory.points.count)
        let body = TrajectoryView(subject: identity.name, trajectory: trajectory, speedLimitKmh: services.speedLimitKmh, for: caller)
        return try context.responseEncoder.encode(body, from: request, context: context)
    }
}
