import Hummingbird

/// `GET /api/me`: who the token belongs to and what it may do. The console reads it after sign-in to show only the
/// pages and buttons the role may use (the routes still refuse the rest with 403).
struct CallerController: Sendable {
    func addRoutes(to group: RouterGroup<ServerRequestContext>) {
        group.get(use: show)
    }

    struct Me: Encodable {
        var name: String
        var role: String
        var grid: String?
        var force: String?
        var capabilities: [String]
    }

    @Sendable func show(_ request: Request, context: ServerRequestContext) throws -> Response {
        guard let caller = context.identity else { throw ServerError.http(.unauthorized, message: "a bearer token is required") }
        _ = try QueryParameters(request, allowed: [])
        let me = Me(name: caller.name, role: caller.role.rawValue, grid: caller.grid, force: caller.force,
                    capabilities: Role.Capability.allCases.filter(caller.role.allows).map(\.rawValue))
        return try context.responseEncoder.encode(me, from: request, context: context)
    }
}
