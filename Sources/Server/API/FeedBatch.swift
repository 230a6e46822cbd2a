import Incidents
import Synchronization

/// One batch of events, rendered once per kind of caller: a thousand streams of one role cost one read per event.
final class FeedBatch: Sendable {
    static let limit = 200

    let after: Int64
    let events: [FeedEvent]
    /// Every stream wakes on the same batch at once: the first to ask for a rendering starts it, the others await
    /// that same task rather than each reading the store.
    private let rendered = Mutex<[Key: Task<String?, any Error>]>([:])

    private struct Key: Hashable {
        let event: Int64
        let caller: EventRenderer.CallerKind
    }

    init(after: Int64, events: [FeedEvent]) {
        self.after = after
        self.events = events
    }

    /// `event` as `renderer`'s caller sees it (nil: not theirs to see), rendered at most once per kind of caller.
    func text(of event: FeedEvent, by renderer: EventRenderer) async throws -> String? {
        let key = Key(event: event.id, caller: renderer.callerKind)
        let task = rendered.withLock { tasks in
            if let task = tasks[key] { return task }
            let task = Task { try await renderer.render(event) }
            tasks[key] = task
            return task
        }
        return try await task.value
    }
}
