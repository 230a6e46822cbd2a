public import Foundation

extension SQLiteStore: MaintenanceStore {
    public func watchlistVersion() async throws -> Int { try await reading { try $0.watchlistVersion() } }

    public func enrol(_ identity: WatchlistIdentity, samples: [FaceSample]) async throws -> WatchlistIdentity {
        try await writing { try $0.enrol(identity, samples: samples) }
    }

    /// Each batch is one async write; the files of a batch are removed after it commits.
    public func prune(sightingsBefore: Date?, snapshotsBefore: Date?, batch: Int = 500) async throws -> IncidentStore.Pruned {
        var pruned = IncidentStore.Pruned()
        if let snapshotsBefore {
            while true {
                let files = try await write { db in try IncidentStore.clearSnapshots(before: snapshotsBefore, batch: batch, db) }
                pruned.snapshots += IncidentStore.remove(files)
                if files.isEmpty { break }
            }
        }
        if let sightingsBefore {
            while true {
                let (deleted, files) = try await write { db in
                    try IncidentStore.deleteSightings(before: sightingsBefore, batch: batch, db)
                }
                pruned.snapshots += IncidentStore.remove(files)
                pruned.sightings += deleted
                if deleted < batch { break }
            }
        }
        return pruned
    }

    /// Each batch is one async write.
    public func pruneFaceEmbeddings(before cutoffs: [String: Date], othersBefore: Date, batch: Int = 1000) async throws -> Int {
        var deleted = 0
        for group in IncidentStore.embeddingGroups(before: cutoffs, othersBefore: othersBefore) {
            while true {
                let count = try await write { db in try IncidentStore.deleteEmbeddings(group, batch: batch, db) }
                deleted += count
                if count < batch { break }
            }
        }
        return deleted
    }
}
