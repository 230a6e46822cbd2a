import Foundation
import Media
import PostgresStore
import Synchronization

/// One node of the lease simulation: the rounds `LeaseKeeper.tick` makes against the store — heartbeat, hand-over of
/// the excess, renewal, claim, fair share and (as `follow` does) the read of the shared cameras' definitions — with
/// the same public `PostgresStore` calls and the same trust rule (sent + lease − margin by the monotonic clock), but
/// no cameras behind them: what the database sees of a node, at the cost of a task.
final class SimulatedNode: Sendable {
    let id: String
    private let capacity: Int
    private let ttl: Double
    private let readsDefinitions: Bool
    private let store: PostgresStore
    private let tally: LeaseTally
    private let state = Mutex(State())

    private struct State {
        var held: [String: (lease: CameraLease, trustedUntil: ContinuousClock.Instant)] = [:]
        var shedding: Set<String> = []
    }

    init(id: String, capacity: Int, ttl: Double, readsDefinitions: Bool, store: PostgresStore, tally: LeaseTally) {
        self.id = id
        self.capacity = capacity
        self.ttl = ttl
        self.readsDefinitions = readsDefinitions
        self.store = store
        self.tally = tally
    }

    /// The keeper's margin: a lease is trusted until this long before the database would let another node take it.
    private var margin: Double { max(1, ttl / 5) }

    /// The cameras this node would be running now: trusted leases, less those being handed over.
    func running(at now: ContinuousClock.Instant = .now) -> [String] {
        state.withLock { state in state.held.filter { $0.value.trustedUntil > now && !state.shedding.contains($0.key) }.map(\.key) }
    }

    /// Rounds every TTL/3 after `delay` (nodes of a cold start do not all start in the same instant), until cancelled:
    /// a cancelled node is a killed one (its leases are left to expire, as after `kill -9`).
    func run(after delay: Duration) async {
        try? await Task.sleep(for: delay)
        let interval = Duration.milliseconds(Int64(ttl / 3 * 1000))
        while !Task.isCancelled {
            let sent = ContinuousClock.now
            await tick(sent: sent)
            try? await Task.sleep(until: max(sent + interval, .now + .milliseconds(50)))
        }
    }

    private func tick(sent: ContinuousClock.Instant) async {
        do {
            try await store.heartbeat(node: id, capacity: capacity, roles: ["analysis"])
            try await handOver()
            let renewed = try await store.renewLeases(node: id, state.withLock { $0.held.values.map(\.lease) }, ttl: ttl)
            let claimed = try await store.claimCameras(node: id, capacity: capacity, ttl: ttl, liveWithin: ttl)
            let lost = update(renewed: renewed, claimed: claimed, sent: sent)
            tally.round(renewed: renewed.count, claimed: claimed, lost: lost, seconds: (ContinuousClock.now - sent).seconds)
            try await shedExcess()
            if readsDefinitions, !running().isEmpty { _ = try await store.sharedCameras() }
        } catch {
            guard !Task.isCancelled else { return }
            tally.failedRound()
        }
    }

    /// Releases the cameras marked at the last round (their pipelines would have drained since).
    private func handOver() async throws {
        let handed = state.withLock { $0.shedding }
        guard !handed.isEmpty else { return }
        try await store.releaseLeases(node: id, cameras: handed.sorted())
        state.withLock { state in
            for camera in handed { state.held[camera] = nil }
            state.shedding = []
        }
    }

    /// Marks the cameras above the fair share for handing over at the next round.
    private func shedExcess() async throws {
        let share = try await store.fairShare(node: id, capacity: capacity, liveWithin: ttl)
        state.withLock { state in
            let held = state.held.keys.sorted()
            if held.count > share { state.shedding = Set(held.suffix(held.count - share)) }
        }
    }

    /// The table after a round: renewed and claimed leases stay or enter; returns how many leases were lost.
    private func update(renewed: [CameraLease], claimed: [CameraLease], sent: ContinuousClock.Instant) -> Int {
        let margin = margin
        return state.withLock { state in
            var next: [String: (lease: CameraLease, trustedUntil: ContinuousClock.Instant)] = [:]
            for lease in renewed + claimed {
                next[lease.cameraId] = (lease, sent + .milliseconds(Int64(max(0, lease.seconds - margin) * 1000)))
            }
            let lost = state.held.keys.filter { next[$0] == nil && !state.shedding.contains($0) }.count
            state.held = next
            return lost
        }
    }
}
