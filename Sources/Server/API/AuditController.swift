import Foundation
import Hummingbird
import Incidents

/// `GET /api/audit`: the audit log, newest first, for admins only. There is no route that changes it.
struct AuditController: Sendable {
    let services: APIServices

    func addRoutes(to group: RouterGroup<ServerRequestContext>) {
        group.get(use: list)
    }

    struct EntryView: Codable, Sendable {
        var id: Int64
        var at: Date
        var tokenId: Int64?
        var actor: String
        var role: String
        var method: String
        var route: String
        var filters: [String: String]
        var rows: Int
        var status: Int

        init(_ entry: AuditEntry) {
            id = entry.id ?? 0
            at = entry.at
            tokenId = entry.tokenId
            actor = entry.actor
            role = entry.role
            method = entry.method
            route = entry.route
            filters = (try? JSONDecoder().decode([String: String].self, from: Data(entry.filters.utf8))) ?? [:]
            rows = entry.rows
            status = entry.status
        }
    }

    struct AuditPage: Codable, Sendable {
        var items: [EntryView]
        /// Pass as `before` for the next (older) page.
        var nextBefore: Int64?
    }

    @Sendable func list(_ request: Request, context: ServerRequestContext) async throws -> Response {
        _ = try context.caller(needing: .audit)
        let query = try QueryParameters(request, allowed: ["actor", "from", "to", "before", "limit"])
        let limit = try query.integer("limit") ?? 100
        guard (1...500).contains(limit) else { throw QueryParameters.invalid("limit", "must be 1 to 500") }
        let before = try query.integer("before").map(Int64.init)
        let actor = try query.one("actor"), from = try query.date("from"), to = try query.date("to")
        let entries = try await services.records.auditEntries(actor: actor, from: from, to: to, beforeId: before, limit: limit)
        let page = AuditPage(items: entries.map(EntryView.init), nextBefore: entries.count == limit ? entries.last?.id : nil)
        return try context.responseEncoder.encode(page, from: request, context: context)
    }
}
