import Foundation
import Hummingbird
import Incidents
import Recognition

/// Writes who read what to the append-only audit table, before the rows are sent: a read that cannot be audited
/// fails instead of going unrecorded.
struct Auditor: Sendable {
    let store: any AccessStore

    func record(_ caller: Caller, _ request: Request, route: String, filters: [String: String], rows: Int,
                status: Int = 200) async throws {
        let text = (try? JSONSerialization.data(withJSONObject: filters, options: [.sortedKeys]))
            .flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
        let entry = AuditEntry(tokenId: caller.tokenId, actor: caller.name, role: caller.role.rawValue,
                               method: request.method.rawValue, route: route, filters: text, rows: rows, status: status)
        try await store.audit(entry)
    }
}

extension Auditor {
    typealias Handler = @Sendable (Request, ServerRequestContext) async throws -> Response

    /// `handler`, with its refusals audited too (a bad or forbidden filter, an id that is not there, a photo that
    /// cannot be searched): the entry holds the parameters as given, the refusal and its status, so probing the
    /// history leaves a trace.
    func auditingRefusals(route: String, _ handler: @escaping Handler) -> Handler {
        { request, context in
            do {
                return try await handler(request, context)
            } catch {
                guard let caller = context.identity, let status = Self.refusalStatus(of: error) else { throw error }
                var filters = QueryParameters.given(request)
                filters["refusal"] = String("\(error)".prefix(512))
                filters["path"] = String(request.uri.path.prefix(256))
                try await record(caller, request, route: route, filters: filters, rows: 0, status: status)
                throw error
            }
        }
    }

    /// The 4xx status a refusal is answered with (as `ErrorMiddleware` maps it); nil for anything else.
    private static func refusalStatus(of error: any Error) -> Int? {
        switch error {
        case let error as ServerError where (400..<500).contains(error.status.code): error.status.code
        case is HistoryQueryError: 400
        case let error as PhotoError: error.kind == .tooLarge ? 413 : 422
        default: nil
        }
    }
}
