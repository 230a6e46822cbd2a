public import Foundation
public import Incidents
public import Logging
import Metrics
public import ServiceLifecycle
import Toolkit

/// Keeps continuous recording within bounds, at start and then every `interval`: a camera's segments older than its
/// `retain_days` go, and while the disk's free space is under `min_free_space` the oldest segments go first. Evidence
/// (segments around an incident not yet resolved) is kept either way. Deletions are logged and counted in
/// `sharpeyes_recording_segments_deleted_total{reason="retention"|"free_space"}`.
public struct SegmentRetention: Service {
    /// Free bytes on the file system holding a path; nil when it cannot be told.
    public typealias FreeSpace = @Sendable (String) -> Int64?

    private let store: IncidentStore
    private let directory: String
    private let retainDays: [String: Int]
    private let minFreeBytes: Int64
    private let freeSpace: FreeSpace
    private let periodic: Periodic
    private let logger: Logger

    /// - Parameters:
    ///   - directory: where segments are written (the snapshot directory).
    ///   - retainDays: per camera; a camera not listed keeps its segments until space runs short.
    public init(store: IncidentStore, directory: String, retainDays: [String: Int], minFreeBytes: Int64,
                interval: Duration = .seconds(60), freeSpace: @escaping FreeSpace = SegmentRetention.freeSpace,
                logger: Logger) {
        self.store = store
        self.directory = directory
        self.retainDays = retainDays
        self.minFreeBytes = minFreeBytes
        self.freeSpace = freeSpace
        periodic = Periodic(every: interval)
        self.logger = logger
    }

    public func run() async throws {
        await periodic.run { _ = await pass() }
    }

    /// One pass now; returns how many segments went for their age and for free space.
    public func pass(now: Date = Date()) async -> (aged: Int, forSpace: Int) {
        do {
            return try await Blocking.run { [self] in (try pruneAged(now: now), try pruneForSpace(now: now)) }
        } catch {
            logger.error("recording retention pass failed: \(error)")
            return (0, 0)
        }
    }

    private func pruneAged(now: Date) throws -> Int {
        var removed = 0
        for (camera, days) in retainDays where days > 0 {
            let cutoff = now.addingTimeInterval(-Double(days) * 86_400)
            while case let batch = try store.prunableSegments(camera: camera, endedBefore: cutoff), !batch.isEmpty {
                try store.deleteSegments(batch)
                removed += batch.count
            }
        }
        if removed > 0 {
            logger.notice("recording retention: \(removed) segments past their camera's retain_days removed")
            Counter(label: Self.metric, dimensions: [("reason", "retention")]).increment(by: removed)
        }
        return removed
    }

    private func pruneForSpace(now: Date) throws -> Int {
        var removed = 0, freed = 0
        while let free = freeSpace(directory), free < minFreeBytes {
            // One at a time, checking the space after each: no more goes than the guard needs.
            let batch = try store.prunableSegments(camera: nil, endedBefore: now, limit: 1)
            guard !batch.isEmpty else {
                logger.warning("free space \(free >> 20) MiB is under min_free_space, and only evidence is left to delete")
                break
            }
            freed += try store.deleteSegments(batch)
            removed += batch.count
        }
        if removed > 0 {
            logger.warning("free space under min_free_space: \(removed) oldest segments (\(freed >> 20) MiB) removed")
            Counter(label: Self.metric, dimensions: [("reason", "free_space")]).increment(by: removed)
        }
        return removed
    }

    static let metric = "sharpeyes_recording_segments_deleted_total"

    /// What `statvfs` says an unprivileged process may still write under `path`.
    public static let freeSpace: FreeSpace = { path in
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return nil }
        return Int64(info.f_bavail) * Int64(info.f_frsize)
    }
}
