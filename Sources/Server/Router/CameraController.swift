import Foundation
import Hummingbird
import AnalysisKit

/// `GET /api/cameras` and `GET /api/cameras/{id}`.
struct CameraController: Sendable {
    let status: any StatusSource

    func addRoutes(to group: RouterGroup<ServerRequestContext>) {
        group
            .get(use: list)
            .get("{id}", use: show)
    }

    @Sendable func list(_ request: Request, context: ServerRequestContext) async throws -> Response {
        _ = try context.caller(needing: .operations)
        let cameras = await status.cameras().sorted { $0.id < $1.id }
        return try context.responseEncoder.encode(cameras, from: request, context: context)
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
