import Dispatching
import Foundation
import Hummingbird
import Incidents

/// `GET /api/map`: what the console's map draws besides incidents — the grids' outlines, the cameras' positions,
/// the units and their states, and where the operator's tiles are (none: the map is drawn from outlines alone) —
/// and `GET /api/map/tiles/{z}/{x}/{y}`, those tiles. Community callers get their own grid and its cameras, and no
/// police units.
struct MapController: Sendable {
    let services: APIServices

    func addRoutes(to group: RouterGroup<ServerRequestContext>) {
        group.get(use: show)
        group.get("tiles/{z}/{x}/{y}", use: tile)
    }

    @Sendable func show(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let caller = try context.caller(needing: .incidents)
        _ = try QueryParameters(request, allowed: [])
        let config = services.dispatcher?.config
        let grids = caller.scope.onlyGrids
        let cameras = try await services.records.cameras(inGrids: grids)
        var view = MapView(grids: (config?.grids ?? []).filter { grids?.contains($0.id) ?? true }.map(MapView.Grid.init),
                           cameras: cameras.map(MapView.Camera.init), units: [],
                           tiles: services.tiles.map(MapView.Tiles.init))
        if caller.audience == .police, let forces = config?.forces {
            let taken = try await services.records.orderRecords(states: [.acknowledged, .onScene], force: nil,
                                                                incidents: [], limit: 500)
            let busy = Set(taken.map(\.order.forceId))
            view.units = forces.map { MapView.Unit($0, onAJob: busy.contains($0.id)) }
        }
        return try context.responseEncoder.encode(view, from: request, context: context)
    }

    @Sendable func tile(_ request: Request, context: ServerRequestContext) async throws -> Response {
        _ = try context.caller(needing: .incidents)
        _ = try QueryParameters(request, allowed: [])
        guard let source = services.tiles else { throw ServerError.notFound("no map tiles are configured (http.map_tiles)") }
        let numbers = try ["z", "x", "y"].map { name in
            let text = try context.parameters.require(name)
            let digits = text.split(separator: ".").first.map(String.init) ?? text
            guard let value = Int(digits), value >= 0, value < 1 << 24 else {
                throw QueryParameters.invalid(name, "'\(text)' is not a tile number")
            }
            return value
        }
        guard let data = try await source.tile(z: numbers[0], x: numbers[1], y: numbers[2]) else {
            throw ServerError.notFound("no tile \(numbers.map(String.init).joined(separator: "/"))")
        }
        return Response(status: .ok, headers: [.contentType: source.contentType, .cacheControl: "private, max-age=86400"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// The map's layers as the caller may see them.
struct MapView: Codable, Sendable {
    struct Grid: Codable, Sendable {
        var id: String
        var name: String?
        /// [longitude, latitude] corners.
        var polygon: [[Double]]

        init(_ grid: DispatchConfig.Grid) {
            (id, name, polygon) = (grid.id, grid.name, grid.polygon)
        }
    }

    struct Camera: Codable, Sendable {
        var id: String
        var name: String
        var kind: String
        var latitude: Double?
        var longitude: Double?
        var grid: String?

        init(_ camera: Incidents.Camera) {
            (id, name, kind, grid) = (camera.id, camera.name, camera.kind.rawValue, camera.grid)
            (latitude, longitude) = (camera.latitude, camera.longitude)
        }
    }

    struct Unit: Codable, Sendable {
        var id: String
        var name: String
        var type: String
        var latitude: Double?
        var longitude: Double?
        var grid: String?
        /// available, busy or off_duty as configured; `on_job` while one of its orders is taken and not resolved.
        var state: String

        init(_ force: DispatchConfig.Force, onAJob: Bool) {
            (id, name, type, grid) = (force.id, force.name, force.type.rawValue, force.grid)
            (latitude, longitude) = (force.position?.first, force.position?.last)
            state = onAJob ? "on_job" : (force.status ?? .available).rawValue
        }
    }

    struct Tiles: Codable, Sendable {
        var url = "/api/map/tiles/{z}/{x}/{y}"
        var format: String
        var minZoom: Int
        var maxZoom: Int

        init(_ source: TileSource) {
            (format, minZoom, maxZoom) = (source.format, source.zoom.lowerBound, source.zoom.upperBound)
        }
    }

    var grids: [Grid]
    var cameras: [Camera]
    var units: [Unit]
    var tiles: Tiles?
}
