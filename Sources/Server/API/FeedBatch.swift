import Incidents
import Synchronization

/// One batch of events, rendered once per kind of caller: a thousand streams of one role cost one read per event.
final class FeedBatch: Sendable {
    static let limit = 200

    let after: Int64
    let events: [FeedEvent]
    private let rendered = Mutex<[String: String?]>([:])

    init(after: Int64, events: [FeedEvent]) {
        self.after = after
        self.events = events
    }

    /// `event` as `renderer`'s caller sees it (nil: not theirs to see), rendered at most once per kind of caller.
    func text(of event: FeedEvent, by renderer: EventRenderer) async throws -> String? {
        let key = "\(event.id)|\(renderer.callerKind)"
        if let cached = rendered.withLock({ $0[key] }) { return cached }
        let text = try await renderer.render(event)
        rendered.withLock { $0[key] = .some(text) }
        return text
    }
}
