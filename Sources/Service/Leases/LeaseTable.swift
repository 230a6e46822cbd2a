public import Foundation
public import PostgresStore
import Synchronization

/// The camera leases this node holds, each trusted until its claim or renewal was sent plus the lease's length less
/// a margin, by this node's monotonic clock: a node paused or cut off from the database stops trusting a lease
/// before the database lets another node take it. Shared by the lease keeper (which fills it) and the cameras'
/// writes (which carry each camera's epoch).
public final class LeaseTable: Sendable {
    public struct Held: Sendable, Equatable {
        public var lease: CameraLease
        public var trustedUntil: ContinuousClock.Instant
        /// When the lease was first claimed, by this node's clock (for lease ages).
        public var since: Date
    }

    private let held = Mutex<[String: Held]>([:])

    public init() {}

    /// The epoch a write of `camera` carries; nil when this node holds no trusted lease on it.
    public func epoch(of camera: String, now: ContinuousClock.Instant = .now) -> Int64? {
        held.withLock { held in held[camera].flatMap { $0.trustedUntil > now ? $0.lease.epoch : nil } }
    }

    public var leases: [String: Held] { held.withLock { $0 } }

    /// Replaces the table: renewed and claimed leases (sent at `sent`, trusted for their length less `margin`) stay
    /// or enter; the rest leave. Returns the camera ids that left.
    func update(renewed: [CameraLease], claimed: [CameraLease], sent: ContinuousClock.Instant, margin: Double) -> [String] {
        held.withLock { held in
            var next: [String: Held] = [:]
            for lease in renewed + claimed {
                let trusted = sent + .milliseconds(Int64(max(0, lease.seconds - margin) * 1000))
                let since = held[lease.cameraId].flatMap { $0.lease.epoch == lease.epoch ? $0.since : nil } ?? Date()
                next[lease.cameraId] = Held(lease: lease, trustedUntil: trusted, since: since)
            }
            let gone = held.keys.filter { next[$0] == nil }
            held = next
            return gone
        }
    }

    /// Drops every lease no longer trusted at `now`; returns their camera ids.
    func dropUntrusted(now: ContinuousClock.Instant = .now) -> [String] {
        held.withLock { held in
            let gone = held.filter { $0.value.trustedUntil <= now }.map(\.key)
            for id in gone { held[id] = nil }
            return gone
        }
    }

    /// The earliest moment a held lease stops being trusted.
    var earliestDeadline: ContinuousClock.Instant? { held.withLock { $0.values.map(\.trustedUntil).min() } }

    /// Forgets the leases of `cameras` (released).
    func remove(_ cameras: Set<String>) {
        held.withLock { held in for id in cameras { held[id] = nil } }
    }

    func removeAll() -> [String] {
        held.withLock { held in
            let ids = Array(held.keys)
            held = [:]
            return ids
        }
    }
}
