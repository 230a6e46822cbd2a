import GRDB

/// The schema, oldest migration first. Never edit a shipped migration: add a new one.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 cameras, sightings, incidents") { db in
            try db.create(table: "camera") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("url", .text).notNull()
                t.column("latitude", .double)
                t.column("longitude", .double)
                t.column("grid", .text)
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "sighting") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("camera", onDelete: .cascade).notNull()
                t.column("kind", .text).notNull()
                t.column("label", .text)
                t.column("firstSeen", .datetime).notNull()
                t.column("lastSeen", .datetime).notNull()
                t.column("bestTime", .datetime).notNull()
                t.column("mediaOffset", .double).notNull()
                t.column("boxX", .integer).notNull()
                t.column("boxY", .integer).notNull()
                t.column("boxWidth", .integer).notNull()
                t.column("boxHeight", .integer).notNull()
                t.column("confidence", .double).notNull()
                t.column("frames", .integer).notNull()
                t.column("snapshotPath", .text)
                t.column("cropPath", .text)
                t.column("details", .jsonText)
            }
            try db.create(index: "sighting_kind_label_time", on: "sighting", columns: ["kind", "label", "firstSeen"])
            try db.create(index: "sighting_camera_time", on: "sighting", columns: ["cameraId", "firstSeen"])
            try db.create(table: "incident") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("sighting", onDelete: .restrict).notNull()
                t.belongsTo("camera", onDelete: .cascade).notNull()
                t.column("kind", .text).notNull()
                t.column("subject", .text).notNull()
                t.column("watchlist", .text)
                t.column("reason", .text)
                t.column("severity", .text).notNull()
                t.column("status", .text).notNull()
                t.column("latitude", .double)
                t.column("longitude", .double)
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(index: "incident_subject_time", on: "incident", columns: ["subject", "createdAt"])
        }
        migrator.registerMigration("v2 face watchlist, sightings linked to incidents") { db in
            try db.create(table: "watchlistIdentity") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull()
                t.column("list", .text).notNull()
                t.column("severity", .text).notNull()
                t.column("reason", .text)
                t.column("createdAt", .datetime).notNull()
                t.uniqueKey(["name", "list"])
            }
            try db.create(table: "faceSample") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("identity", inTable: "watchlistIdentity", onDelete: .cascade).notNull()
                t.column("embedding", .blob).notNull()
                t.column("photo", .text).notNull()
                t.column("createdAt", .datetime).notNull()
            }
            try db.alter(table: "sighting") { t in
                t.add(column: "incidentId", .integer).references("incident", onDelete: .setNull)
            }
            try db.alter(table: "incident") { t in
                t.add(column: "lastSeenAt", .datetime)
                t.add(column: "sightings", .integer).notNull().defaults(to: 1)
            }
            try db.create(index: "incident_camera_kind_subject", on: "incident", columns: ["cameraId", "kind", "subject", "createdAt"])
        }
        migrator.registerMigration("v3 dispatch orders, transitions, outbox") { db in
            try db.create(table: "dispatchOrder") { t in
                t.primaryKey("id", .text)  // a UUID: the idempotency key of every message about this order
                t.belongsTo("incident", onDelete: .cascade).notNull()
                t.column("forceId", .text).notNull()
                t.column("forceType", .text).notNull()
                t.column("rule", .text).notNull()
                t.column("tier", .integer).notNull()
                t.column("state", .text).notNull()
                t.column("distanceMeters", .double)
                t.column("deadline", .datetime).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull()
            }
            try db.create(index: "dispatchOrder_state_deadline", on: "dispatchOrder", columns: ["state", "deadline"])
            try db.create(table: "orderTransition") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("order", inTable: "dispatchOrder", onDelete: .cascade).notNull()
                t.column("fromState", .text)
                t.column("toState", .text).notNull()
                t.column("at", .datetime).notNull()
                t.column("actor", .text).notNull()
                t.column("note", .text)
            }
            try db.create(table: "outbox") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("order", inTable: "dispatchOrder", onDelete: .cascade).notNull()
                t.column("url", .text).notNull()
                t.column("body", .blob).notNull()
                t.column("signature", .text).notNull()
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("nextAttemptAt", .datetime).notNull()
                t.column("deliveredAt", .datetime)
                t.column("lastError", .text)
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(index: "outbox_due", on: "outbox", columns: ["deliveredAt", "nextAttemptAt"])
        }
        migrator.registerMigration("v4 plate hotlist") { db in
            try db.create(table: "watchlistPlate") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("pattern", .text).notNull().unique()
                t.column("list", .text).notNull()
                t.column("reason", .text)
                t.column("severity", .text).notNull()
                t.column("createdAt", .datetime).notNull()
            }
        }
        migrator.registerMigration("v5 outbox leases and failures") { db in
            try db.alter(table: "outbox") { t in
                // The fencing token of the deliverer holding the message's lease (its end is `nextAttemptAt`): a
                // deliverer whose lease was taken over finds another token and changes nothing.
                t.add(column: "claimToken", .text)
                // Set when the message can never be sent (an unusable URL); `lastError` says why.
                t.add(column: "failedAt", .datetime)
            }
        }
        migrator.registerMigration("v6 watchlist change counter") { db in
            // Running cameras poll this one row to learn, cheaply, that a watchlist or the hotlist changed.
            try db.create(table: "watchlistVersion") { t in
                t.primaryKey("id", .integer)
                t.column("version", .integer).notNull()
            }
            try db.execute(sql: "INSERT INTO watchlistVersion (id, version) VALUES (1, 0)")
            for table in ["watchlistIdentity", "faceSample", "watchlistPlate"] {
                for event in ["INSERT", "UPDATE", "DELETE"] {
                    try db.execute(sql: """
                        CREATE TRIGGER \(table)_\(event.lowercased())_bumps_version AFTER \(event) ON \(table)
                        BEGIN UPDATE watchlistVersion SET version = version + 1 WHERE id = 1; END
                        """)
                }
            }
        }
        return migrator
    }
}
