public import Foundation
public import Incidents
public import Logging
public import ServiceLifecycle
import Toolkit

/// Deletes sightings, snapshots and the embeddings of unknown faces older than their retention, at start and then
/// every `interval`.
public struct RetentionService: Service {
    /// Days each camera keeps its face embeddings (`unknown_faces_days`), asked at every pass so a reload counts.
    public typealias FaceEmbeddingDays = @Sendable () async -> [String: Int]

    private let store: any MaintenanceStore
    private let sightingsDays: Double?
    private let snapshotsDays: Double?
    private let faceEmbeddingDays: FaceEmbeddingDays
    private let otherFaceEmbeddingDays: Double
    private let periodic: Periodic
    private let logger: Logger

    /// - Parameters:
    ///   - sightingsDays, snapshotsDays: 0 or nil keep everything.
    ///   - faceEmbeddingDays: per camera; embeddings of cameras not listed (removed from the configuration) go
    ///     after `otherFaceEmbeddingDays`. Embeddings are never kept for good, whatever the sighting retention.
    public init(store: IncidentStore, sightingsDays: Double?, snapshotsDays: Double?,
                faceEmbeddingDays: @escaping FaceEmbeddingDays = { [:] }, otherFaceEmbeddingDays: Double = 7,
                interval: Duration = .seconds(3600), timer: some Clock<Duration> = ContinuousClock(), logger: Logger) {
        self.init(on: store.async, sightingsDays: sightingsDays, snapshotsDays: snapshotsDays,
                  faceEmbeddingDays: faceEmbeddingDays, otherFaceEmbeddingDays: otherFaceEmbeddingDays, interval: interval,
                  timer: timer, logger: logger)
    }

    /// The same on any store (each batch its own transaction, so camera writes are never held up long).
    public init(on store: any MaintenanceStore, sightingsDays: Double?, snapshotsDays: Double?,
                faceEmbeddingDays: @escaping FaceEmbeddingDays = { [:] }, otherFaceEmbeddingDays: Double = 7,
                interval: Duration = .seconds(3600), timer: some Clock<Duration> = ContinuousClock(), logger: Logger) {
        self.store = store
        self.sightingsDays = sightingsDays.flatMap { $0 > 0 ? $0 : nil }
        self.snapshotsDays = snapshotsDays.flatMap { $0 > 0 ? $0 : nil }
        self.faceEmbeddingDays = faceEmbeddingDays
        self.otherFaceEmbeddingDays = otherFaceEmbeddingDays
        periodic = Periodic(every: interval, clock: timer)
        self.logger = logger
    }

    public func run() async throws {
        // The wait ends with a graceful shutdown: an hour-long sleep must not hold the service group open.
        await periodic.run { await pass() }
    }

    /// One pruning pass now (the service runs one every `interval`).
    public func pass(now: Date = Date()) async {
        await pruneSightings(now: now)
        await pruneFaceEmbeddings(now: now)
    }

    private func pruneSightings(now: Date) async {
        guard sightingsDays != nil || snapshotsDays != nil else { return }
        let sightings = sightingsDays.map { now.addingTimeInterval(-$0 * 86_400) }
        let snapshots = snapshotsDays.map { now.addingTimeInterval(-$0 * 86_400) }
        do {
            let pruned = try await store.prune(sightingsBefore: sightings, snapshotsBefore: snapshots, batch: 500)
            if pruned.sightings + pruned.snapshots > 0 {
                logger.notice("retention: \(pruned.sightings) sightings and \(pruned.snapshots) image files removed")
            }
        } catch {
            logger.error("retention pass failed: \(error)")
        }
    }

    private func pruneFaceEmbeddings(now: Date) async {
        let cutoffs = await faceEmbeddingDays().mapValues { now.addingTimeInterval(-Double($0) * 86_400) }
        let others = now.addingTimeInterval(-otherFaceEmbeddingDays * 86_400)
        do {
            let removed = try await store.pruneFaceEmbeddings(before: cutoffs, othersBefore: others, batch: 1000)
            if removed > 0 { logger.notice("retention: \(removed) face embeddings removed") }
        } catch {
            logger.error("face embedding retention pass failed: \(error)")
        }
    }
}
