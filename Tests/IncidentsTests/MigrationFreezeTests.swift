import Foundation
import GRDB
import Incidents
import Testing

/// Shipped migrations are frozen: their SQL may not change, and every database reaches the same schema.
struct MigrationFreezeTests {
    /// Each shipped migration's identifier and the SHA-256 of its SQL, oldest first. Append a line for a new
    /// migration; never change a line (a schema change is a new migration).
    private static let shipped: [(identifier: String, sha256: String)] = [
        ("v1 cameras, sightings, incidents", "12f95feef6b8e8b4f3fb706ebe26214ecad7570738213e62333eeb8147fb3e49"),
        ("v2 face watchlist, sightings linked to incidents", "c8d2e6adebe3d40d4f3337605b1099e355a355b9d4e08d607567fd77f15b737f"),
        ("v3 dispatch orders, transitions, outbox", "3066377678f63957a04cbf615838781d0d8812e825691b94f9bbd079a10f9b9a"),
        ("v4 plate hotlist", "6b278de5195c130c5de99dd1b468e538cacf86ef4c77d697fdadf9c10ed442aa"),
        ("v5 outbox leases and failures", "f1782bbd1e7ad8c8bff6b7156811863fe2d5689c2d24f85a904a1e06e217d33c"),
        ("v6 watchlist change counter", "87ee59992860633abdc37866663e6ca59e0efcfb72f65a8c8b20642ffa3784a4"),
        ("v7 API tokens, audit, plate reads, cloned plates, unknown faces, event feed",
         "a1bf3155384c765e24aebda0ac591c6b4583f4c1c16723b6ea0b812910a8f747"),
        ("v8 a sighting's own ground position", "12579213d77d7a9f48508b7462c8ad9d8682998988510dc15aa377f74a210c0a"),
        ("v9 incident reviews", "964d3b1b466fdde44e30eaa3ad5fd160d84db0b49229a7d6b56aaa4cbe47015f"),
        ("v10 incident clips, recording segments", "1f4acc8e7dd9c8ba3dbd9d40f804dab1ffaa046451f296b49b76274d82c19657"),
        ("v11 shared cameras, leases and nodes", "480a81e680673b861af09cfc7de8a24e50a4b82aadcc95138a6165b9e3ab8370"),
        ("v12 community registers and access records", "14697ad15a07f8f32c5975124e0b2edf856511b7a25c51ad0de48741f9b80246"),
    ]

    @Test func theHashIsSHA256() {
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(String(repeating: "a", count: 1000)).hasPrefix("41edece42d63e8d9bf515a9ba6932e1c"))
    }

    @Test func noShippedMigrationWasEditedRemovedOrReordered() {
        let current = Migrations.all
        #expect(current.count >= Self.shipped.count, "a shipped migration was removed")
        for (index, pinned) in Self.shipped.enumerated() where index < current.count {
            #expect(current[index].identifier == pinned.identifier, "migration \(index + 1) was renamed or moved")
            #expect(SHA256.hex(current[index].sql) == pinned.sha256,
                    "\(pinned.identifier) was edited after it shipped: put the change in a new migration")
        }
    }

    @Test func everyMigrationIsPinned() {
        let unpinned = Migrations.all.dropFirst(Self.shipped.count).map(\.identifier)
        #expect(unpinned.isEmpty, "pin the SHA-256 of \(unpinned) in MigrationFreezeTests.shipped")
    }

    /// A database that lived through every release (with rows written between them) ends with the schema of one
    /// created today, and v7's backfill gives the rows the trigger gives a new sighting.
    @Test func aDatabaseMigratedStepByStepHasTheSchemaOfANewOne() throws {
        let fresh = try DatabaseQueue()
        try Migrations.migrator.migrate(fresh)
        let stepped = try DatabaseQueue()
        for migration in Migrations.all {
            try Migrations.migrator.migrate(stepped, upTo: migration.identifier)
            if migration.identifier.hasPrefix("v6 ") { try insertPlateSighting(id: 1, into: stepped) }
        }
        #expect(try schema(of: stepped) == schema(of: fresh))
        #expect(try schema(of: fresh).count > 40)
        try insertPlateSighting(id: 2, into: stepped)
        let reads = try stepped.read { db in
            try Row.fetchAll(db, sql: "SELECT sightingId, text, canonical FROM plateRead ORDER BY sightingId, text")
        }
        let backfilled = reads.filter { $0["sightingId"] == 1 }.map { [$0["text"], $0["canonical"]] as [String] }
        let triggered = reads.filter { $0["sightingId"] == 2 }.map { [$0["text"], $0["canonical"]] as [String] }
        #expect(backfilled == [["京A0B1Z5", "京A08125"], ["京AD81Z5", "京A08125"]])
        #expect(backfilled == triggered)
    }

    /// The trigger's frozen `replace` chain and `PlateConfusions.canonical` agree on every confusable character:
    /// when the classes change without a new migration, this fails.
    @Test func theTriggersCanonicalFormIsTheSwiftOne() throws {
        let store = try IncidentStore()
        try store.save(Camera(id: "cam", name: "cam", kind: .file, url: "x.mp4"))
        let confusable = PlateConfusions.classes.map { String($0.sorted()) }.joined()
        let now = Date()
        try store.record(Sighting(cameraId: "cam", kind: .plate, label: "京" + confusable, firstSeen: now, lastSeen: now,
                                  bestTime: now, mediaOffset: 0, box: (0, 0, 10, 10), confidence: 0.9, frames: 1,
                                  details: #"{"variants":{"粤\#(String(confusable.reversed()))":1}}"#))
        let reads = try store.writer.read { db in try Row.fetchAll(db, sql: "SELECT text, canonical FROM plateRead") }
        #expect(reads.count == 2)
        for read in reads {
            let text: String = read["text"]
            #expect(read["canonical"] == PlateConfusions.canonical(text), "canonical form of \(text)")
        }
    }

    private func insertPlateSighting(id: Int64, into writer: DatabaseQueue) throws {
        try writer.write { db in
            try db.execute(sql: """
                INSERT OR IGNORE INTO camera (id, name, kind, url, createdAt) VALUES ('cam', 'cam', 'file', 'x.mp4', '2026-01-01')
                """)
            try db.execute(sql: """
                INSERT INTO sighting (id, cameraId, kind, label, firstSeen, lastSeen, bestTime, mediaOffset, boxX, boxY,
                    boxWidth, boxHeight, confidence, frames, details)
                VALUES (?, 'cam', 'plate', '京A0B1Z5', '2026-01-01', '2026-01-01', '2026-01-01', 0, 0, 0, 10, 10, 0.9, 3,
                    '{"variants":{"京A0B1Z5":2,"京AD81Z5":1}}')
                """, arguments: [id])
        }
    }

    private func schema(of writer: DatabaseQueue) throws -> [String] {
        try writer.read { db in
            try String.fetchAll(db, sql: """
                SELECT type || ' ' || name || ' ' || tbl_name || ': ' || IFNULL(sql, '') FROM sqlite_master
                WHERE name NOT LIKE 'sqlite_stat%' ORDER BY type, name
                """)
        }
    }
}
