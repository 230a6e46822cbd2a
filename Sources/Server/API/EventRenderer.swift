import Dispatching
import Foundation
import Incidents

/// Turns a feed row into the SSE text this caller may see, or nil when it is not theirs to see.
struct EventRenderer: Sendable {
    let store: any RecordStore & DispatchStore
    let caller: Caller
    let encoder: JSONEncoder

    struct OrderEvent: Codable, Sendable {
        var orderId: String
        var incidentId: Int64
        var forceId: String
        var from: String?
        var to: String
        var at: Date
        var actor: String
        var note: String?
    }

    func render(_ event: FeedEvent) async throws -> String? {
        let store = store, caller = caller
        switch event.type {
        case .incident:
            guard let row = try await store.incident(id: event.incidentId, scope: caller.scope) else { return nil }
            return try frame(event, IncidentView(row, for: caller))
        case .order:
            guard let (order, transition) = try await store.transition(event),
                  caller.ownForceOnly == nil || caller.ownForceOnly == order.forceId else { return nil }
            return try frame(event, OrderEvent(orderId: order.id, incidentId: order.incidentId, forceId: order.forceId,
                                               from: transition.fromState?.rawValue, to: transition.toState.rawValue,
                                               at: transition.at, actor: transition.actor, note: caller.audience.note(transition.note)))
        }
    }

    /// Callers of one kind see the same events the same way: the key under which a batch shares renderings. It holds
    /// the fields themselves, not a joined string, so no grid or force name can make two scopes collide.
    var callerKind: CallerKind { CallerKind(role: caller.role, grid: caller.grid, force: caller.force) }

    struct CallerKind: Hashable, Sendable {
        let role: Role
        let grid: String?
        let force: String?
    }

    private func frame(_ event: FeedEvent, _ data: some Encodable) throws -> String {
        "id: \(event.id)\nevent: \(event.type.rawValue)\ndata: \(String(decoding: try encoder.encode(data), as: UTF8.self))\n\n"
    }
}
