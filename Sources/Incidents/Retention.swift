public import Foundation
import GRDB

extension IncidentStore {
    /// A number that changes whenever a face watchlist entry, an enrolment photo or a hotlist entry changes.
    public func watchlistVersion() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT version FROM watchlistVersion WHERE id = 1") ?? 0 }
    }

    /// What a retention pass removed.
    public struct Pruned: Sendable, Equatable {
        public var sightings = 0
        public var snapshots = 0

        public init(sightings: Int = 0, snapshots: Int = 0) {
            self.sightings = sightings
            self.snapshots = snapshots
        }
    }

    /// Deletes sightings older than `sightingsBefore` and the snapshot files of sightings older than
    /// `snapshotsBefore` (their paths are cleared). Sightings of incidents, and their images, are kept: they are
    /// evidence, and an incident is closed by people, not by a timer. Works in batches so writers are not held up.
    public func prune(sightingsBefore: Date?, snapshotsBefore: Date?, batch: Int = 500) throws -> Pruned {
        var pruned = Pruned()
        if let snapshotsBefore {
            while true {
                let files = try write { db in try Self.clearSnapshots(before: snapshotsBefore, batch: batch, db) }
                pruned.snapshots += Self.remove(files)
                if files.isEmpty { break }
            }
        }
        if let sightingsBefore {
            while true {
                let (deleted, files) = try write { db in try Self.deleteSightings(before: sightingsBefore, batch: batch, db) }
                pruned.snapshots += Self.remove(files)
                pruned.sightings += deleted
                if deleted < batch { break }
            }
        }
        return pruned
    }

    /// One batch of snapshot clearing: the rows' paths are cleared, and the files to remove returned.
    static func clearSnapshots(before date: Date, batch: Int, _ db: Database) throws -> [String] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT id, snapshotPath, cropPath FROM sighting
            WHERE lastSeen < ? AND incidentId IS NULL AND (snapshotPath IS NOT NULL OR cropPath IS NOT NULL)
            LIMIT ?
            """, arguments: [date, batch])
        for row in rows {
            try db.execute(sql: "UPDATE sighting SET snapshotPath = NULL, cropPath = NULL WHERE id = ?",
                           arguments: [row["id"] as Int64])
        }
        return rows.flatMap { [$0["snapshotPath"] as String?, $0["cropPath"] as String?].compactMap { $0 } }
    }

    /// One batch of sighting deletion: how many went, and their files to remove.
    static func deleteSightings(before date: Date, batch: Int, _ db: Database) throws -> (Int, [String]) {
        let rows = try Row.fetchAll(db, sql: """
            SELECT id, snapshotPath, cropPath FROM sighting
            WHERE lastSeen < ? AND incidentId IS NULL AND id NOT IN (SELECT sightingId FROM incident)
              AND id NOT IN (SELECT pairedSightingId FROM incident WHERE pairedSightingId IS NOT NULL) LIMIT ?
            """, arguments: [date, batch])
        for row in rows { try db.execute(sql: "DELETE FROM sighting WHERE id = ?", arguments: [row["id"] as Int64]) }
        return (rows.count, rows.flatMap { [$0["snapshotPath"] as String?, $0["cropPath"] as String?].compactMap { $0 } })
    }

    /// Removes files after the rows that named them committed (a crash in between leaves a file no row points at,
    /// never the reverse); returns how many were removed.
    static func remove(_ files: [String]) -> Int {
        files.filter { (try? FileManager.default.removeItem(atPath: $0)) != nil }.count
    }
}
