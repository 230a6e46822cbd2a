import Foundation
import Hummingbird
import Incidents

/// Writes who read what to the append-only audit table, before the rows are sent: a read that cannot be audited
/// fails instead of going unrecorded.
struct Auditor: Sendable {
    let store: IncidentStore

    func record(_ caller: Caller, _ request: Request, route: String, filters: [String: String], rows: Int,
                status: Int = 200) async throws {
        let text = (try? JSONSerialization.data(withJSONObject: filters, options: [.sortedKeys]))
            .flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
        let entry = AuditEntry(tokenId: caller.tokenId, actor: caller.name, role: caller.role.rawValue,
                               method: request.method.rawValue, route: route, filters: text, rows: rows, status: status)
        let store = store
        try await Blocking.run { try store.audit(entry) }
    }
}
