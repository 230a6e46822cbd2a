import Foundation
import HTTPTypes
import Hummingbird
import Incidents

/// `GET /api/incidents/{id}/clip.mp4`: the incident's video clip, authorised as its snapshot is (the caller must be
/// allowed to see the incident; community callers only incidents of their grid), with HTTP Range requests (206) so a
/// browser can seek, and 416 for a range the file cannot satisfy. Files are served only from inside the snapshot
/// directory, from where the clip's row points.
struct ClipController: Sendable {
    let services: APIServices
    var auditor: Auditor { Auditor(store: services.records) }
    static let route = "/api/incidents/{id}/clip.mp4"

    func addRoutes(to group: RouterGroup<ServerRequestContext>) {
        group.get("{id}/clip.mp4", use: auditor.auditingRefusals(route: Self.route, clip))
    }

    @Sendable func clip(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let caller = try context.caller(needing: .incidents)
        _ = try QueryParameters(request, allowed: [])
        guard let id = context.parameters.get("id", as: Int64.self), id > 0 else {
            throw ServerError.badRequest("id: an incident id is a positive whole number")
        }
        guard let row = try await services.records.incident(id: id, scope: caller.scope), let path = row.clipPath,
              let file = MediaFile.resolved(path, inside: services.snapshotDirectory),
              let size = MediaFile.regularFileSize(file) else {
            throw ServerError.notFound("no clip for incident \(id)")
        }
        let range = try VideoFile.range(request, size: size)
        try await auditor.record(caller, request, route: Self.route, filters: ["id": "\(id)"], rows: 1)
        return try await VideoFile.response(file, size: size, range: range, context: context)
    }
}

/// The clip link of an incident.
extension MediaLinks {
    static func clip(_ incidentId: Int64) -> String { "/api/incidents/\(incidentId)/clip.mp4" }
}
