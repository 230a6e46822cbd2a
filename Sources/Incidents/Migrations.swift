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
        migrator.registerMigration("v7 API tokens, audit, plate reads, cloned plates, unknown faces, event feed") { db in
            // API tokens: only the SHA-256 of the secret is kept; the secret is shown once, at creation.
            try db.create(table: "apiToken") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull()
                t.column("role", .text).notNull()
                t.column("grid", .text)
                t.column("force", .text)
                t.column("secretHash", .text).notNull().unique()
                t.column("createdAt", .datetime).notNull()
                t.column("revokedAt", .datetime)
            }
            // Who read what: every history query, export, media read and photo search. Append-only, in SQLite itself.
            try db.create(table: "auditEntry") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("at", .datetime).notNull()
                t.column("tokenId", .integer)
                t.column("actor", .text).notNull()
                t.column("role", .text).notNull()
                t.column("method", .text).notNull()
                t.column("route", .text).notNull()
                t.column("filters", .text).notNull()
                t.column("rows", .integer).notNull()
                t.column("status", .integer).notNull()
            }
            try db.create(index: "auditEntry_time", on: "auditEntry", columns: ["at"])
            for event in ["UPDATE", "DELETE"] {
                try db.execute(sql: """
                    CREATE TRIGGER auditEntry_no_\(event.lowercased()) BEFORE \(event) ON auditEntry
                    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END
                    """)
            }
            // Every text a plate pass was read as (the voted label and each variant), with its OCR-confusion
            // canonical form: exact, wildcard and fuzzy plate searches are index lookups. Filled by SQLite itself.
            try db.create(table: "plateRead") { t in
                t.belongsTo("sighting", onDelete: .cascade).notNull()
                t.column("text", .text).notNull()
                t.column("canonical", .text).notNull()
                t.primaryKey(["sightingId", "text"])
            }
            try db.create(index: "plateRead_text", on: "plateRead", columns: ["text"])
            try db.create(index: "plateRead_canonical", on: "plateRead", columns: ["canonical"])
            let reads = """
                SELECT NEW.id, NEW.label, \(PlateConfusions.canonicalSQL("NEW.label")) WHERE NEW.label IS NOT NULL
                UNION SELECT NEW.id, key, \(PlateConfusions.canonicalSQL("key")) FROM json_each(
                    CASE WHEN json_valid(NEW.details) THEN NEW.details ELSE '{}' END, '$.variants')
                """
            try db.execute(sql: """
                CREATE TRIGGER sighting_plate_reads AFTER INSERT ON sighting WHEN NEW.kind = 'plate'
                BEGIN INSERT OR IGNORE INTO plateRead (sightingId, text, canonical) \(reads); END
                """)
            try db.execute(sql: """
                INSERT OR IGNORE INTO plateRead (sightingId, text, canonical)
                SELECT id, label, \(PlateConfusions.canonicalSQL("label")) FROM sighting WHERE kind = 'plate' AND label IS NOT NULL
                """)
            try db.execute(sql: """
                INSERT OR IGNORE INTO plateRead (sightingId, text, canonical)
                SELECT sighting.id, variant.key, \(PlateConfusions.canonicalSQL("variant.key"))
                FROM sighting, json_each(CASE WHEN json_valid(sighting.details) THEN sighting.details ELSE '{}' END, '$.variants') AS variant
                WHERE sighting.kind = 'plate'
                """)
            // Incidents that are not a watchlist hit (a cloned plate) and the second sighting such an incident links.
            try db.alter(table: "incident") { t in
                t.add(column: "type", .text).notNull().defaults(to: "watchlist_hit")
                t.add(column: "pairedSightingId", .integer).references("sighting", onDelete: .setNull)
            }
            try db.create(index: "incident_time", on: "incident", columns: ["createdAt", "id"])
            try db.create(index: "sighting_time", on: "sighting", columns: ["firstSeen", "id"])
            try db.create(index: "sighting_incident", on: "sighting", columns: ["incidentId"])
            // Embeddings of faces that matched no one, kept only for cameras that opt in (search by photo).
            try db.create(table: "faceEmbedding") { t in
                t.primaryKey("sightingId", .integer).references("sighting", onDelete: .cascade)
                t.column("cameraId", .text).notNull()
                t.column("seenAt", .datetime).notNull()
                t.column("embedding", .blob).notNull()
            }
            try db.create(index: "faceEmbedding_time", on: "faceEmbedding", columns: ["seenAt"])
            // The live feed: one row per committed incident and order transition, written by SQLite in the same
            // transaction; its id is the SSE event id, so a client resuming with Last-Event-ID misses nothing.
            try db.create(table: "feedEvent") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("type", .text).notNull()
                t.column("incidentId", .integer).notNull()
                t.column("orderId", .text)
                t.column("transitionId", .integer)
                t.column("at", .datetime).notNull()
            }
            try db.execute(sql: """
                CREATE TRIGGER incident_feed AFTER INSERT ON incident
                BEGIN INSERT INTO feedEvent (type, incidentId, at) VALUES ('incident', NEW.id, NEW.createdAt); END
                """)
            try db.execute(sql: """
                CREATE TRIGGER orderTransition_feed AFTER INSERT ON orderTransition
                BEGIN INSERT INTO feedEvent (type, incidentId, orderId, transitionId, at)
                    SELECT 'order', incidentId, NEW.orderId, NEW.id, NEW.at FROM dispatchOrder WHERE id = NEW.orderId; END
                """)
        }
        migrator.registerMigration("v8 a sighting's own ground position") { db in
            // Where a drone's sighting lay on the ground (from its KLV telemetry); nil for fixed cameras, whose
            // position is the camera's, and for drone frames without telemetry (position unknown).
            try db.alter(table: "sighting") { t in
                t.add(column: "latitude", .double)
                t.add(column: "longitude", .double)
            }
        }
        return migrator
    }
}
