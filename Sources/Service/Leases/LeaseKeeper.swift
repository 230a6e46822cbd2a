import Foundation
import Incidents
public import Logging
import Metrics
public import PostgresStore
public import ServiceLifecycle
import Synchronization

/// Shares the database's cameras out among the nodes (#22): every `ttl`/3 this node says it is alive, renews its
/// leases and claims unowned or expired cameras up to its capacity and fair share; the supervisor then runs exactly
/// the cameras whose leases it trusts. A lease not renewed in time (the database unreachable, the process paused)
/// stops being trusted at its claim + TTL − margin by the monotonic clock, and its camera stops at once. At
/// graceful shutdown the keeper is stopped after the cameras drained, and then releases its leases so other nodes
/// take the cameras at their next claim. A node holding more than its fair share (a node joined) hands the excess
/// over: it stops those cameras at one round and releases their leases at the next, after they drained.
public final class LeaseKeeper: Service, Sendable {
    let store: PostgresStore
    let node: ServeConfig.NodeSettings
    let ttl: Double
    let leases: LeaseTable
    let supervisor: CameraSupervisor
    /// The specs of the given shared cameras (their YAML read with this node's config).
    let specs: @Sendable ([SharedCamera]) async -> [CameraSpec]
    let logger: Logger
    private let heldGauge = Gauge(label: LeaseMetrics.held)
    private let claimedCounter = Counter(label: LeaseMetrics.claimed)
    private let lostCounter = Counter(label: LeaseMetrics.lost)
    /// Cameras stopped to hand over: their leases are released at the next round.
    private let shedding = Mutex<Set<String>>([])

    /// A lease is trusted until this long before the database would let another node claim it.
    var margin: Double { max(1, ttl / 5) }

    public init(store: PostgresStore, node: ServeConfig.NodeSettings, ttl: Double, leases: LeaseTable,
                supervisor: CameraSupervisor, specs: @escaping @Sendable ([SharedCamera]) async -> [CameraSpec],
                logger: Logger) {
        self.store = store
        self.node = node
        self.ttl = ttl
        self.leases = leases
        self.supervisor = supervisor
        self.specs = specs
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown { await self.keep() }
        let released = (try? await store.releaseLeases(node: node.id)) ?? 0
        _ = leases.removeAll()
        heldGauge.record(0)
        logger.notice("released \(released) camera lease(s)")
    }

    /// The rounds, and beside them a watchdog that stops a camera the moment its lease stops being trusted, even
    /// while a round waits on a database that does not answer.
    private func keep() async {
        await withDiscardingTaskGroup { group in
            group.addTask { await self.watch() }
            while !Task.isCancelled {
                let sent = ContinuousClock.now
                await tick(sent: sent)
                try? await Task.sleep(until: max(sent + .milliseconds(Int64(ttl / 3 * 1000)), .now + .milliseconds(50)))
            }
            group.cancelAll()
        }
    }

    private func watch() async {
        while !Task.isCancelled {
            let deadline = leases.earliestDeadline ?? .now + .milliseconds(Int64(ttl / 3 * 1000))
            try? await Task.sleep(until: max(deadline, .now + .milliseconds(50)))
            let lost = leases.dropUntrusted()
            guard !lost.isEmpty else { continue }
            lostCounter.increment(by: Int64(lost.count))
            logger.warning("lost the lease on \(lost.sorted().joined(separator: ", ")): not renewed in time, stopping")
            heldGauge.record(leases.leases.count)
            await follow(lostAny: true)
        }
    }

    /// One round: heartbeat, renew, claim; then the cameras follow the leases still trusted.
    func tick(sent: ContinuousClock.Instant) async {
        var lost: [String] = []
        do {
            try await store.heartbeat(node: node.id, capacity: node.capacity, roles: node.roles.map(\.rawValue).sorted())
            try await handOver()
            let renewed = try await store.renewLeases(node: node.id, leases.leases.values.map(\.lease), ttl: ttl)
            let claimed = try await store.claimCameras(node: node.id, capacity: node.capacity, ttl: ttl, liveWithin: ttl)
            lost = leases.update(renewed: renewed, claimed: claimed, sent: sent, margin: margin)
            if !claimed.isEmpty {
                claimedCounter.increment(by: Int64(claimed.count))
                logger.notice("claimed \(claimed.count) camera(s): \(claimed.map { "\($0.cameraId)@\($0.epoch)" }.joined(separator: ", "))")
            }
            try await shedExcess()
        } catch {
            logger.error("camera leases not renewed: \(error)")
        }
        lost += leases.dropUntrusted()
        if !lost.isEmpty {
            lostCounter.increment(by: Int64(lost.count))
            logger.warning("lost the lease on \(lost.sorted().joined(separator: ", ")): stopping")
        }
        heldGauge.record(leases.leases.count)
        await follow(lostAny: !lost.isEmpty)
    }

    /// Releases the leases of the cameras stopped at the last round (drained since).
    private func handOver() async throws {
        let handed = shedding.withLock { $0 }
        guard !handed.isEmpty else { return }
        try await store.releaseLeases(node: node.id, cameras: handed.sorted())
        leases.remove(handed)
        shedding.withLock { $0 = [] }
        logger.notice("handed over \(handed.sorted().joined(separator: ", ")) (above this node's fair share)")
    }

    /// Marks the cameras above this node's fair share for handing over: they stop now and are released next round.
    private func shedExcess() async throws {
        let share = try await store.fairShare(node: node.id, capacity: node.capacity, liveWithin: ttl)
        let held = leases.leases.keys.sorted()
        guard held.count > share else { return }
        shedding.withLock { $0 = Set(held.suffix(held.count - share)) }
    }

    /// Runs exactly the cameras whose leases are trusted (less those being handed over), as their definitions read now.
    private func follow(lostAny: Bool) async {
        let shed = shedding.withLock { $0 }
        let held = leases.leases.filter { !shed.contains($0.key) }
        guard !held.isEmpty else {
            let running = await supervisor.cameras()
            if lostAny || !running.isEmpty { await supervisor.apply([]) }
            return
        }
        do {
            let cameras = try await store.sharedCameras().filter { held[$0.id] != nil }
            let wanted = await specs(cameras)
            // Unchanged leases and definitions leave the cameras alone (and the log quiet).
            if await supervisor.specs != wanted { await supervisor.apply(wanted) }
        } catch {
            // Without the definitions, the cameras whose leases are gone still stop.
            logger.error("cannot read the shared cameras: \(error)")
            if lostAny { await supervisor.apply(await supervisor.specs.filter { held[$0.camera.id] != nil }) }
        }
    }
}
