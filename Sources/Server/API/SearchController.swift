import Foundation
import Hummingbird
import Incidents

/// `POST /api/search/face`: a photo in, the stored faces (of cameras that keep unknown faces) within tolerance
/// out, best first. Audited like every history read.
struct SearchController: Sendable {
    let services: APIServices
    var auditor: Auditor { Auditor(store: services.records) }

    func addRoutes(to group: RouterGroup<ServerRequestContext>) {
        group.post("face", use: auditor.auditingRefusals(route: "/api/search/face", face))
    }

    struct SearchForm: Decodable {
        var photo: Data
        var camera: String?
        var from: String?
        var to: String?
        var limit: Int?
    }

    struct Hit: Codable, Sendable {
        var distance: Double
        var sighting: SightingView
    }

    @Sendable func face(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let caller = try context.caller(needing: .history)
        let form = try await Multipart.decode(SearchForm.self, from: request, context: context,
                                              expecting: "a photo file and optional camera, from, to and limit fields")
        for (name, value) in [("camera", form.camera), ("from", form.from), ("to", form.to)] {
            if let value { try QueryParameters.text(value, named: name) }
        }
        let limit = form.limit ?? 20
        guard (1...200).contains(limit) else { throw ServerError.badRequest("limit: must be 1 to 200") }
        let from = try form.from.map { try QueryParameters.date($0, named: "from") }
        let to = try form.to.map { try QueryParameters.date($0, named: "to") }
        let cameras = form.camera.map { $0.split(separator: ",").map(String.init) } ?? []
        guard let faces = services.faces else {
            throw ServerError.http(.serviceUnavailable, message: "face models are not loaded on this server")
        }
        let matches = try await faces.search(photo: form.photo, cameras: cameras, from: from, to: to, limit: limit)
        let rows = try await services.records.sightings(ids: matches.map(\.sightingId), scope: caller.scope)
        let byId = Dictionary(rows.compactMap { row in row.sighting.id.map { ($0, row) } }, uniquingKeysWith: { a, _ in a })
        let hits = matches.compactMap { match in byId[match.sightingId].map { Hit(distance: match.distance, sighting: SightingView($0, for: caller)) } }
        var filters = ["limit": "\(limit)", "photo_bytes": "\(form.photo.count)"]
        filters["camera"] = form.camera
        filters["from"] = form.from
        filters["to"] = form.to
        try await auditor.record(caller, request, route: "/api/search/face", filters: filters, rows: hits.count)
        return try context.responseEncoder.encode(hits, from: request, context: context)
    }
}
