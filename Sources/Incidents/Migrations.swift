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
        return migrator
    }
}
