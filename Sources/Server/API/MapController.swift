import Dispatching
import Foundation
import Hummingbird
import Incidents
import AnalysisKit

/// `GET /api/map`: what the duty officer's map draws offline, with no tile server: the grids' outlines from the
/// dispatch configuration, every camera with its position and state, and the units with their positions and status.
/// Open incidents come from `/api/incidents` (audited there).
struct MapController: Sendable {
    let services: APIServices
    let status: any StatusSource

    func addRoutes(to group: RouterGroup<ServerRequestContext>) {
        group.get(use: show)
    }

    struct MapView: Encodable {
        struct Grid: Encodable { var id: String, name: String?, polygon: [[Double]] }
        struct Camera: Encodable { var id: String, name: String, latitude: Double?, longitude: Double?, grid: String?, state: String? }
        struct Force: Encodable { var id: String, name: String, type: String, latitude: Double?, longitude: Double?, grid: String?, status: String }
        var grids: [Grid]
        var cameras: [Camera]
        var forces: [Force]
    }

    @Sendable func show(_ request: Request, context: ServerRequestContext) async throws -> Response {
        _ = try context.caller(needing: .operations)
        _ = try QueryParameters(request, allowed: [])
        let states = Dictionary(await status.cameras().map { ($0.id, $0.state.rawValue) }, uniquingKeysWith: { first, _ in first })
        let config = services.dispatcher?.config
        let view = MapView(
            grids: config?.grids.map { MapView.Grid(id: $0.id, name: $0.name, polygon: $0.polygon) } ?? [],
            cameras: try await services.places.allCameras().map {
                MapView.Camera(id: $0.id, name: $0.name, latitude: $0.latitude, longitude: $0.longitude, grid: $0.grid, state: states[$0.id])
            },
            forces: config?.forces.map {
                MapView.Force(id: $0.id, name: $0.name, type: $0.type.rawValue, latitude: $0.position?.first, longitude: $0.position?.last,
                              grid: $0.grid, status: ($0.status ?? .available).rawValue)
            } ?? [])
        return try context.responseEncoder.encode(view, from: request, context: context)
    }
}
