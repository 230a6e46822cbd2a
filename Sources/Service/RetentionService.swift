import Foundation
public import Incidents
public import Logging
import Pipeline
public import ServiceLifecycle

/// Deletes sightings and snapshots older than their retention, at start and then every `interval`.
public struct RetentionService: Service {
    private let store: IncidentStore
    private let sightingsDays: Double?
    private let snapshotsDays: Double?
    private let interval: Duration
    private let logger: Logger

    /// - Parameters: days of 0 or nil keep everything.
    public init(store: IncidentStore, sightingsDays: Double?, snapshotsDays: Double?, interval: Duration = .seconds(3600),
                logger: Logger) {
        self.store = store
        self.sightingsDays = sightingsDays.flatMap { $0 > 0 ? $0 : nil }
        self.snapshotsDays = snapshotsDays.flatMap { $0 > 0 ? $0 : nil }
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        guard sightingsDays != nil || snapshotsDays != nil else { return try await gracefulShutdown() }
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            await pass()
            try? await Task.sleep(for: interval)
        }
    }

    private func pass() async {
        let now = Date()
        let sightings = sightingsDays.map { now.addingTimeInterval(-$0 * 86_400) }
        let snapshots = snapshotsDays.map { now.addingTimeInterval(-$0 * 86_400) }
        do {
            let pruned = try await runOnThread { [store] in try store.prune(sightingsBefore: sightings, snapshotsBefore: snapshots) }
            if pruned.sightings + pruned.snapshots > 0 {
                logger.notice("retention: \(pruned.sightings) sightings and \(pruned.snapshots) image files removed")
            }
        } catch {
            logger.error("retention pass failed: \(error)")
        }
    }
}
