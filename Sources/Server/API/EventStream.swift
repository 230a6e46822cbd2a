import Incidents

/// One client's stream: its own resume position, the broadcaster's batches, and a read of its own only for what it
/// has not had (the backlog after a `Last-Event-ID`, or a batch it fell behind on).
struct EventStream: Sendable {
    let store: any FeedStore
    let renderer: EventRenderer
    let subscription: FeedBroadcaster.Subscription
    let position: Int64

    func run(_ send: (String) async throws -> Void) async throws {
        var position = position
        if position < subscription.start { try await catchUp(&position, to: subscription.start, send) }
        for await signal in subscription.signals {
            switch signal {
            case .keepAlive:
                try await send(": keep-alive\n\n")
            case .events(let batch):
                if position < batch.after { try await catchUp(&position, to: batch.after, send) }
                for event in batch.events where event.id > position {
                    if let text = try await batch.text(of: event, by: renderer) { try await send(text) }
                    position = event.id
                }
            }
        }
    }

    /// Sends the events after `position` up to at least `target`, read by this stream.
    private func catchUp(_ position: inout Int64, to target: Int64, _ send: (String) async throws -> Void) async throws {
        let store = store
        while position < target {
            let after = position
            let events = try await store.feedEvents(after: after, limit: FeedBatch.limit)
            guard !events.isEmpty else { return }
            for event in events {
                if let text = try await renderer.render(event) { try await send(text) }
                position = event.id
            }
        }
    }
}
