import Foundation
import HTTPTypes
import Incidents
import Logging
import Synchronization
import Toolkit

/// The one reader of the feed table. While at least one client listens, a single task reads the events committed
/// since its last read every `interval` and hands each batch to every open stream; it also checks, for all streams
/// at once, that their tokens are still live, and sends the keep-alives. A thousand idle streams thus cost one
/// small read per interval, where a poll per stream kept the blocking pool busy and slowed every request.
///
/// It also holds the stream limits: past them a new stream is refused (429 per token, 503 in all), not queued.
public final class FeedBroadcaster: Sendable {
    /// What the broadcaster sends a stream.
    enum Signal: Sendable {
        /// Events committed after `after`, oldest first; the batch renders each event once per kind of caller.
        case events(FeedBatch)
        case keepAlive
    }

    /// A stream's place in the broadcast: `start` is where its live events begin. The stream is let go (its
    /// place freed) when `end()` is called or when the subscription is released, whichever comes first, so a
    /// response dropped before its body ran does not hold a place.
    final class Subscription: Sendable {
        let signals: AsyncStream<Signal>
        let start: Int64
        private let continuation: AsyncStream<Signal>.Continuation

        fileprivate init(signals: AsyncStream<Signal>, start: Int64, continuation: AsyncStream<Signal>.Continuation) {
            self.signals = signals
            self.start = start
            self.continuation = continuation
        }

        /// Ends the stream (a graceful shutdown, the client gone).
        func end() { continuation.finish() }

        deinit { continuation.finish() }
    }

    private struct Listener {
        let tokenId: Int64?
        let continuation: AsyncStream<Signal>.Continuation
    }

    private struct State {
        var listeners: [Int: Listener] = [:]
        /// The id of the last event read; nil while no poller runs.
        var position: Int64?
        /// Bumped at each start and stop, so a stopped poller finishing its last read publishes nothing.
        var generation = 0
        var poller: Task<Void, Never>?
    }

    let store: any FeedStore & AccessStore
    let settings: FeedSettings
    private let state = Mutex(State())
    private let reads = Atomic<Int>(0)
    private let keys = Atomic<Int>(0)
    private let logger = Logger(label: "sharpeyes.feed")

    init(store: any FeedStore & AccessStore, settings: FeedSettings) {
        self.store = store
        self.settings = settings
    }

    /// How many times the feed table was read for new events, by every stream together.
    public var feedReads: Int { reads.load(ordering: .relaxed) }

    /// How many streams are open.
    public var streams: Int { state.withLock { $0.listeners.count } }

    /// Registers a stream for `caller`, or refuses it past a limit (429 per token, 503 in all).
    func subscribe(_ caller: Caller) async throws -> Subscription {
        // Read every time, not only while nobody listens: the last other stream may leave between a check and the
        // registration below, and a poller started without a position would never read.
        let latest = try await store.latestFeedEventId()
        // The newest signals are kept when a slow stream falls behind: the latest batch is what makes it catch up.
        let (signals, continuation) = AsyncStream.makeStream(of: Signal.self, bufferingPolicy: .bufferingNewest(64))
        let key = keys.wrappingAdd(1, ordering: .relaxed).oldValue
        // Set before the stream is registered, so a stream ended at once (revoked) is still let go.
        continuation.onTermination = { [weak self] _ in self?.remove(key) }
        let start = state.withLock { state -> Int64? in
            guard refusal(for: caller, in: state) == nil else { return nil }
            state.listeners[key] = Listener(tokenId: caller.tokenId, continuation: continuation)
            let position = state.position ?? latest
            state.position = position
            if state.poller == nil { startPolling(&state) }
            return position
        }
        guard let start else {
            throw state.withLock { refusal(for: caller, in: $0) } ?? ServerError.http(.serviceUnavailable)
        }
        return Subscription(signals: signals, start: start, continuation: continuation)
    }

    private func refusal(for caller: Caller, in state: State) -> ServerError? {
        if state.listeners.count >= settings.limits.total {
            return .http(.serviceUnavailable, message: "too many event streams are open on this server (\(settings.limits.total)); try again later",
                         headers: [.retryAfter: "30"])
        }
        if state.listeners.values.count(where: { $0.tokenId == caller.tokenId }) >= settings.limits.perToken {
            return .http(.tooManyRequests, message: "this token already has \(settings.limits.perToken) event streams open; close one first",
                         headers: [.retryAfter: "15"])
        }
        return nil
    }

    private func remove(_ key: Int) {
        state.withLock { state in
            guard state.listeners.removeValue(forKey: key) != nil, state.listeners.isEmpty else { return }
            state.poller?.cancel()
            state.poller = nil
            state.position = nil
            state.generation += 1
        }
    }

    private func startPolling(_ state: inout State) {
        state.generation += 1
        let generation = state.generation
        // Detached: the poller serves every stream, not the request that happened to start it.
        state.poller = Task.detached { [self] in await poll(generation) }
    }

    /// Reads, publishes, checks tokens and keeps streams alive every `interval` until stopped (no listener left).
    private func poll(_ generation: Int) async {
        var checked = ContinuousClock.now, kept = ContinuousClock.now
        await Periodic(every: settings.interval).run {
            // A full batch means more may be waiting: read on before waiting.
            while !Task.isCancelled, await readAndPublish(generation) {}
            if ContinuousClock.now - checked >= settings.tokenCheckInterval {
                await endRevokedStreams()
                checked = .now
            }
            if ContinuousClock.now - kept >= settings.keepAlive {
                publish(.keepAlive, generation: generation)
                kept = .now
            }
        }
    }

    /// One read of the events after the position; true when a full batch came (more may be waiting).
    private func readAndPublish(_ generation: Int) async -> Bool {
        guard let after = state.withLock({ $0.generation == generation ? $0.position : nil }) else { return false }
        let store = store, limit = FeedBatch.limit
        reads.add(1, ordering: .relaxed)
        do {
            let events = try await store.feedEvents(after: after, limit: limit)
            guard let last = events.last else { return false }
            publish(.events(FeedBatch(after: after, events: events)), generation: generation, moving: last.id)
            return events.count == limit
        } catch {
            logger.warning("cannot read the event feed: \(error); trying again")
            return false
        }
    }

    private func publish(_ signal: Signal, generation: Int, moving position: Int64? = nil) {
        let continuations = state.withLock { state -> [AsyncStream<Signal>.Continuation] in
            guard state.generation == generation else { return [] }
            if let position { state.position = position }
            return state.listeners.values.map(\.continuation)
        }
        for continuation in continuations { continuation.yield(signal) }
    }

    /// Ends the streams whose tokens were revoked: one check per token, for all of its streams.
    private func endRevokedStreams() async {
        let ids = Set(state.withLock { $0.listeners.values.compactMap(\.tokenId) })
        var revoked: Set<Int64> = []
        for id in ids {
            guard let live = try? await store.isLive(tokenId: id) else { return }
            if !live { revoked.insert(id) }
        }
        guard !revoked.isEmpty else { return }
        let ending = state.withLock { $0.listeners.values.filter { $0.tokenId.map(revoked.contains) ?? false }.map(\.continuation) }
        for continuation in ending { continuation.finish() }
    }
}
