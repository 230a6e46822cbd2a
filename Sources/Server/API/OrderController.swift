import Dispatching
import Foundation
import Hummingbird
import Incidents

/// `GET /api/orders` and `POST /api/orders/{id}/ack | on-scene | resolve` (the links in dispatch payloads).
/// Patrol and community callers see and move only their own force's orders.
struct OrderController: Sendable {
    let services: APIServices

    func addRoutes(to group: RouterGroup<ServerRequestContext>) {
        group.get(use: list)
        group.post("{id}/ack") { request, context in try await act(.acknowledge, request, context) }
        group.post("{id}/on-scene") { request, context in try await act(.arrive, request, context) }
        group.post("{id}/resolve") { request, context in try await act(.resolve, request, context) }
    }

    @Sendable func list(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let caller = try context.caller(needing: .orders)
        let query = try QueryParameters(request, allowed: ["state", "force", "incident", "limit"])
        let states = try query.values("state", as: DispatchOrder.State.self)
        let incidents = try query.all("incident").map { text in
            guard let id = Int64(text) else { throw QueryParameters.invalid("incident", "'\(text)' is not an incident id") }
            return id
        }
        let limit = try query.integer("limit") ?? 100
        guard (1...500).contains(limit) else { throw QueryParameters.invalid("limit", "must be 1 to 500") }
        let force = try caller.ownForceOnly ?? query.one("force")
        let records = try await services.records.orderRecords(states: states, force: force, incidents: incidents, limit: limit)
        return try context.responseEncoder.encode(records.map { OrderView($0, for: caller.audience, forceName: services.forceName(id: $0.order.forceId)) }, from: request, context: context)
    }

    /// The optional body of an action: a note kept with the transition.
    struct ActionBody: Decodable { var note: String? }

    func act(_ action: OrderAction, _ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let caller = try context.caller(needing: .orders)
        _ = try QueryParameters(request, allowed: [])
        let id = try context.parameters.require("id")
        guard id.count <= 64, id.allSatisfy({ $0.isHexDigit || $0 == "-" }) else { throw ServerError.badRequest("id: not an order id") }
        var request = request
        let body = try await request.collectBody(upTo: 16 * 1024)
        let note = body.readableBytes == 0 ? nil : try StatusJSON.decoder().decode(ActionBody.self, from: Data(body.readableBytesView)).note
        if let note, note.count > 2000 { throw ServerError.badRequest("note: longer than 2000 characters") }
        guard let dispatcher = services.dispatcher else {
            throw ServerError.http(.serviceUnavailable, message: "dispatch is not configured on this server", code: ErrorCode.dispatchOff)
        }
        let store = services.records, actor = "\(caller.role.rawValue):\(caller.name)"
        // An order's force never changes: the check may read before the action's own transaction.
        guard let existing = try await store.orderRecord(id: id) else {
            throw ServerError.http(.notFound, message: "no order \(id)", code: ErrorCode.orderNotFound)
        }
        guard caller.mayAct(onOrderOf: existing.order.forceId) else {
            throw ServerError.http(.forbidden, message: "order \(id) is not yours to act on", code: ErrorCode.orderNotYours)
        }
        guard let record = try await store.apply(action, to: id, by: actor, note: note, with: dispatcher) else {
            throw ServerError.http(.notFound, message: "no order \(id)", code: ErrorCode.orderNotFound)
        }
        return try context.responseEncoder.encode(OrderView(record, for: caller.audience, forceName: services.forceName(id: record.order.forceId)), from: request, context: context)
    }
}
