public import Foundation
public import Incidents
import PostgresNIO

extension PostgresStore: MaintenanceStore {
    /// Deletes sightings older than `sightingsBefore` and the snapshot files of sightings older than
    /// `snapshotsBefore`, keeping incident evidence, as the SQLite store does: in batches, each its own statement, the
    /// files removed after it commits. Batches are taken `FOR UPDATE SKIP LOCKED`, so nodes pruning at once share the
    /// work instead of waiting on each other.
    public func prune(sightingsBefore: Date?, snapshotsBefore: Date?, batch: Int = 500) async throws -> IncidentStore.Pruned {
        var pruned = IncidentStore.Pruned()
        if let snapshotsBefore {
            while true {
                let files = try await paths(rows("""
                    WITH "batch" AS (SELECT "id", "snapshotPath", "cropPath" FROM "sighting"
                        WHERE "lastSeen" < \(snapshotsBefore) AND "incidentId" IS NULL
                          AND ("snapshotPath" IS NOT NULL OR "cropPath" IS NOT NULL)
                        LIMIT \(batch) FOR UPDATE SKIP LOCKED),
                    "cleared" AS (UPDATE "sighting" SET "snapshotPath" = NULL, "cropPath" = NULL FROM "batch"
                        WHERE "sighting"."id" = "batch"."id")
                    SELECT "snapshotPath", "cropPath" FROM "batch"
                    """))
                pruned.snapshots += IncidentStore.removeFiles(files.paths)
                if files.rows == 0 { break }
            }
        }
        if let sightingsBefore {
            while true {
                let deleted = try await paths(rows("""
                    WITH "batch" AS (SELECT "id", "snapshotPath", "cropPath" FROM "sighting"
                        WHERE "lastSeen" < \(sightingsBefore) AND "incidentId" IS NULL
                          AND NOT EXISTS (SELECT 1 FROM "incident" WHERE "incident"."sightingId" = "sighting"."id")
                          AND NOT EXISTS (SELECT 1 FROM "incident" WHERE "incident"."pairedSightingId" = "sighting"."id")
                        LIMIT \(batch) FOR UPDATE SKIP LOCKED)
                    DELETE FROM "sighting" USING "batch" WHERE "sighting"."id" = "batch"."id"
                    RETURNING "batch"."snapshotPath", "batch"."cropPath"
                    """))
                pruned.snapshots += IncidentStore.removeFiles(deleted.paths)
                pruned.sightings += deleted.rows
                if deleted.rows < batch { break }
            }
        }
        return pruned
    }

    /// Deletes face embeddings past each camera's cutoff (and every other camera's past `othersBefore`), in batches.
    public func pruneFaceEmbeddings(before cutoffs: [String: Date], othersBefore: Date, batch: Int = 1000) async throws -> Int {
        var deleted = 0
        let cameras = Array(cutoffs.keys)
        for (camera, cutoff) in cutoffs.map({ (Optional($0.key), $0.value) }) + [(nil, othersBefore)] {
            while true {
                let count = try await rows("""
                    DELETE FROM "faceEmbedding" WHERE "sightingId" IN (SELECT "sightingId" FROM "faceEmbedding"
                        WHERE "seenAt" < \(cutoff) AND (\(camera)::text IS NULL AND NOT ("cameraId" = ANY(\(cameras)))
                            OR "cameraId" = \(camera)::text)
                        LIMIT \(batch) FOR UPDATE SKIP LOCKED)
                    RETURNING 1
                    """).count
                deleted += count
                if count < batch { break }
            }
        }
        return deleted
    }

    /// The snapshot and crop paths of a batch's rows, and how many rows it had.
    private func paths(_ rows: [PostgresRandomAccessRow]) throws -> (rows: Int, paths: [String]) {
        (rows.count, try rows.flatMap { [try $0.value("snapshotPath", as: String?.self), try $0.value("cropPath", as: String?.self)] }
            .compactMap { $0 })
    }
}
