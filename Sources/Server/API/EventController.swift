import Dispatching
import Foundation
import HTTPTypes
import Hummingbird
import Incidents
import ServiceLifecycle

/// `GET /api/events`: server-sent events of incidents and order transitions as they are committed, filtered and
/// redacted for the caller. Each event's id is its row in the feed table: a client reconnecting with
/// `Last-Event-ID` (or `?last_event_id=`) gets everything after it; without one it starts with the next event.
/// Every stream is fed by the server's one `FeedBroadcaster`, which also refuses streams past its limits.
/// Streams end when the server shuts down gracefully, when the client goes away, or when the token is revoked.
struct EventController: Sendable {
    let services: APIServices

    func addRoutes(to group: RouterGroup<ServerRequestContext>) {
        group.get(use: stream)
    }

    @Sendable func stream(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let caller = try context.caller(needing: .events)
        let query = try QueryParameters(request, allowed: ["last_event_id"])
        let given = try request.headers[.lastEventID] ?? query.one("last_event_id")
        let resumeAfter = try given.map { given in
            guard let id = Int64(given), id >= 0 else { throw ServerError.badRequest("Last-Event-ID: '\(given)' is not an event id") }
            return id
        }
        let subscription = try await services.feed.subscribe(caller)
        let renderer = EventRenderer(store: services.records, caller: caller, encoder: context.responseEncoder)
        let stream = EventStream(store: services.records, renderer: renderer, subscription: subscription,
                                 position: resumeAfter ?? subscription.start)
        let body = ResponseBody { writer in
            defer { subscription.end() }
            try await writer.write(ByteBuffer(string: "retry: 2000\n: connected\n\n"))
            try await withGracefulShutdownHandler {
                try await stream.run { text in try await writer.write(ByteBuffer(string: text)) }
            } onGracefulShutdown: {
                subscription.end()
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [
            .contentType: "text/event-stream", .cacheControl: "no-store", HTTPField.Name("X-Accel-Buffering")!: "no",
        ], body: body)
    }
}

extension HTTPField.Name {
    static var lastEventID: Self { .init("Last-Event-ID")! }
}
