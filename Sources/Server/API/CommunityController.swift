import Dispatching
import Foundation
import Hummingbird
import Incidents

/// A community's gates, for its own community role (a token whose grid is the community's) and admins:
/// `GET /api/communities` (those the caller may read), `GET /api/communities/{id}/passages` (today's, or `from`/`to`, newest first), `…/strangers` (the passages marked
/// stranger) and `…/watch` (who must stay home, and until when). Every read is audited.
struct CommunityController: Sendable {
    let services: APIServices

    func addRoutes(to group: RouterGroup<ServerRequestContext>) {
        let auditor = Auditor(store: services.records)
        group.get("{id}/passages", use: auditor.auditingRefusals(route: "/api/communities/{id}/passages") { try await passages($0, $1, only: nil) })
        group.get("{id}/strangers", use: auditor.auditingRefusals(route: "/api/communities/{id}/strangers") { try await passages($0, $1, only: .stranger) })
        group.get("{id}/watch", use: auditor.auditingRefusals(route: "/api/communities/{id}/watch", watch))
        group.get(use: list)
    }

    struct CommunityView: Encodable {
        var id: String
        var name: String
        var grid: String?
    }

    /// The communities the caller may read: every one for an admin, its grid's for a community token.
    @Sendable func list(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let caller = try context.caller(needing: .communities)
        _ = try QueryParameters(request, allowed: [])
        let visible = (services.communities?.communities.values.sorted { $0.id < $1.id } ?? [])
            .filter { caller.role == .admin || ($0.grid != nil && $0.grid == caller.grid) }
        return try context.responseEncoder.encode(visible.map { CommunityView(id: $0.id, name: $0.name, grid: $0.grid) },
                                                  from: request, context: context)
    }

    /// One passage as the API shows it: which gate, when, what the gate decided, and the unit or pass, never a name.
    struct PassageView: Encodable {
        var id: Int64
        var camera: String
        var time: Date
        var direction: String?
        var kind: String
        var outcome: String
        var residentId: Int64?
        var plate: String?
        var visitorPass: Int64?
        var sighting: Int64?
        var incident: Int64?
        var rule: String?

        init(_ entry: AccessLogEntry) {
            (id, camera, time, direction, kind, outcome) = (entry.id ?? 0, entry.cameraId, entry.at, entry.direction, entry.kind.rawValue,
                                                            entry.outcome.rawValue)
            (residentId, plate, visitorPass, sighting, incident, rule) = (entry.residentId, entry.plate, entry.passId, entry.sightingId,
                                                                         entry.incidentId, entry.rule)
        }
    }

    /// Who must stay home, and until when. The name and the unit only for the grid's worker (and admins): a
    /// volunteer's token learns that someone must, not who (community forces see no identities beyond their duty).
    struct WatchView: Encodable {
        var residentId: Int64
        var name: String?
        var unit: String?
        var until: Date
    }

    @Sendable func passages(_ request: Request, _ context: ServerRequestContext, only outcome: AccessOutcome?) async throws -> Response {
        let (caller, community, directory) = try allowed(request, context)
        let query = try QueryParameters(request, allowed: ["from", "to", "limit"])
        let from = try query.date("from") ?? Calendar.current.startOfDay(for: Date())
        let to = try query.date("to")
        let limit = try query.integer("limit") ?? 500
        guard (1...5000).contains(limit) else { throw ServerError.invalid(field: "limit", message: "limit: 1 to 5000") }
        let entries = try await directory.store.accessLog(community: community.id, from: from, to: to, outcome: outcome, limit: limit)
        try await Auditor(store: services.records).record(caller, request, route: "/api/communities/{id}/\(outcome == nil ? "passages" : "strangers")",
                                                          filters: ["community": community.id], rows: entries.count)
        return try context.responseEncoder.encode(entries.map(PassageView.init), from: request, context: context)
    }

    @Sendable func watch(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let (caller, community, directory) = try allowed(request, context)
        _ = try QueryParameters(request, allowed: [])
        let watches = try await directory.store.watches(community: community.id, at: Date())
        try await Auditor(store: services.records).record(caller, request, route: "/api/communities/{id}/watch",
                                                          filters: ["community": community.id], rows: watches.count)
        let named = mayName(caller)
        let views = watches.map { watched in
            WatchView(residentId: watched.resident.id ?? 0, name: named ? watched.resident.name : nil,
                      unit: named ? watched.resident.unit : nil, until: watched.watch.until)
        }
        return try context.responseEncoder.encode(views, from: request, context: context)
    }

    /// Whether the caller may know who is watched: an admin, or a community token of a grid worker's force.
    private func mayName(_ caller: Caller) -> Bool {
        caller.role == .admin || caller.force.flatMap { services.dispatcher?.config.force(id: $0) }?.type == .gridWorker
    }

    /// The caller, if an admin or the community role of this community's grid; the community, if it exists.
    private func allowed(_ request: Request, _ context: ServerRequestContext) throws
        -> (Caller, CommunityDirectory.Entry, CommunityDirectory) {
        let caller = try context.caller(needing: .communities)
        guard let directory = services.communities else { throw ServerError.notFound("no communities are configured on this server") }
        let id = context.parameters.get("id") ?? ""
        guard let community = directory.communities[id] else { throw ServerError.notFound("no community '\(id)'") }
        guard caller.role == .admin || (community.grid != nil && caller.grid == community.grid) else {
            // The same answer as for an unknown community: another grid's token learns nothing of it.
            throw ServerError.notFound("no community '\(id)'")
        }
        return (caller, community, directory)
    }
}
