import Foundation
import Hummingbird
import Incidents

/// `GET /api/nodes` (admins): the nodes sharing this server's store, their camera leases and heartbeats. A server on
/// its own SQLite store shares nothing: `shared` is false and the list empty.
struct NodeController: Sendable {
    let services: APIServices

    func addRoutes(to group: RouterGroup<ServerRequestContext>) {
        group.get(use: list)
    }

    struct NodesView: Codable, Sendable {
        var shared: Bool
        var nodes: [NodeStatus]
    }

    @Sendable func list(_ request: Request, context: ServerRequestContext) async throws -> Response {
        // The capability only admins hold: the nodes are the deployment's layout.
        _ = try context.caller(needing: .audit)
        _ = try QueryParameters(request, allowed: [])
        let view = NodesView(shared: services.nodes != nil, nodes: try await services.nodes?.nodeStatuses() ?? [])
        return try context.responseEncoder.encode(view, from: request, context: context)
    }
}
