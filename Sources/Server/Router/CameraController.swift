import Foundation
import Hummingbird
import AnalysisKit
import Incidents

/// `GET /api/cameras` and `GET /api/cameras/{id}`. Operations see every camera's status; a community caller lists
/// only its grid's cameras, by name and state, to watch them (the camera wall), without their addresses or counters.
struct CameraController: Sendable {
    let status: any StatusSource
    let records: any HistoryStore

    /// A camera as a community caller sees it.
    struct Watchable: Encodable {
        let id: String
        let name: String
        let state: CameraState
    }

    func addRoutes(to group: RouterGroup<ServerRequestContext>) {
        group
            .get(use: list)
            .get("{id}", use: show)
    }

    @Sendable func list(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let caller = try context.caller(needing: .liveView)
        let cameras = await status.cameras().sorted { $0.id < $1.id }
        guard !caller.role.allows(.operations) else {
            return try context.responseEncoder.encode(cameras, from: request, context: context)
        }
        let own = Set(try await records.cameras(inGrids: caller.scope.onlyGrids).map(\.id))
        let watchable = cameras.filter { own.contains($0.id) }.map { Watchable(id: $0.id, name: $0.name, state: $0.state) }
        return try context.responseEncoder.encode(watchable, from: request, context: context)
    }

    @Sendable func show(_ request: Request, context: ServerRequestContext) async throws -> Response {
        _ = try context.caller(needing: .operations)
        let raw = try context.parameters.require("id")
        let id = try QueryParameters.text(raw.removingPercentEncoding ?? raw, named: "id")
        guard let camera = await status.cameras().first(where: { $0.id == id }) else {
            throw ServerError.cameraNotFound(id)
        }
        return try context.responseEncoder.encode(camera, from: request, context: context)
    }
}
