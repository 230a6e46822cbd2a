import Dispatching
import Foundation
import HTTPTypes
import Hummingbird
import Incidents
import ServiceLifecycle

/// `GET /api/events`: server-sent events of incidents and order transitions as they are committed, filtered and
/// redacted for the caller. Each event's id is its row in the feed table: a client reconnecting with
/// `Last-Event-ID` (or `?last_event_id=`) gets everything after it; without one it starts with the next event.
/// Streams end when the server shuts down gracefully.
struct EventController: Sendable {
    let services: APIServices

    static let keepAlive: Duration = .seconds(15)

    func addRoutes(to group: RouterGroup<ServerRequestContext>) {
        group.get(use: stream)
    }

    @Sendable func stream(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let caller = try context.caller(needing: .events)
        let query = try QueryParameters(request, allowed: ["last_event_id"])
        let given = try request.headers[.lastEventID] ?? query.one("last_event_id")
        let store = services.store
        let first: Int64
        if let given {
            guard let id = Int64(given), id >= 0 else { throw ServerError.badRequest("Last-Event-ID: '\(given)' is not an event id") }
            first = id
        } else {
            first = try await Blocking.run { try store.latestFeedEventId() }
        }
        let interval = services.feedInterval, tokenCheck = services.tokenCheckInterval, renderer = EventRenderer(store: store, caller: caller, encoder: context.responseEncoder)
        let body = ResponseBody { writer in
            try await writer.write(ByteBuffer(string: "retry: 2000\n: connected\n\n"))
            var idle: Duration = .zero, start = first, checked = ContinuousClock.now
            // The stream ends with the server (a graceful shutdown), with the client, or with its token: a stream
            // outlives a revocation by at most `tokenCheckInterval`.
            while !Task.isShuttingDownGracefully, !Task.isCancelled {
                if ContinuousClock.now - checked >= tokenCheck {
                    guard try await Blocking.run({ try store.isLive(tokenId: caller.tokenId) }) else { break }
                    checked = ContinuousClock.now
                }
                let after = start
                let events = try await Blocking.run { try store.feedEvents(after: after, limit: 200) }
                for event in events {
                    if let text = try await renderer.render(event) { try await writer.write(ByteBuffer(string: text)) }
                    start = event.id
                }
                guard events.isEmpty else { idle = .zero; continue }
                do { try await Task.sleep(for: interval) } catch { break }
                idle += interval
                if idle >= Self.keepAlive {
                    try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                    idle = .zero
                }
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [
            .contentType: "text/event-stream", .cacheControl: "no-store", HTTPField.Name("X-Accel-Buffering")!: "no",
        ], body: body)
    }
}

/// Turns a feed row into the SSE text this caller may see, or nil when it is not theirs to see.
struct EventRenderer: Sendable {
    let store: IncidentStore
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
            let scope = caller.scope
            guard let row = try await Blocking.run({ try store.incident(id: event.incidentId, scope: scope) }) else { return nil }
            return try frame(event, IncidentView(row, for: caller))
        case .order:
            guard let (order, transition) = try await Blocking.run({ try DispatchOrder.transition(event, in: store.writer) }),
                  caller.ownForceOnly == nil || caller.ownForceOnly == order.forceId else { return nil }
            return try frame(event, OrderEvent(orderId: order.id, incidentId: order.incidentId, forceId: order.forceId,
                                               from: transition.fromState?.rawValue, to: transition.toState.rawValue,
                                               at: transition.at, actor: transition.actor, note: transition.note))
        }
    }

    private func frame(_ event: FeedEvent, _ data: some Encodable) throws -> String {
        "id: \(event.id)\nevent: \(event.type.rawValue)\ndata: \(String(decoding: try encoder.encode(data), as: UTF8.self))\n\n"
    }
}

extension HTTPField.Name {
    static var lastEventID: Self { .init("Last-Event-ID")! }
}
