extension Migrations {
    /// v5 to v8, as shipped. v6: running cameras poll `watchlistVersion` to learn cheaply that a watchlist changed.
    /// v7: API tokens (only the SHA-256 of a secret); the append-only audit log; `plateRead`, every text a plate pass
    /// was read as (the voted label and each of `details`' `$.variants`, the JSON key Recognition's `PlateDecision`
    /// writes) with its OCR-confusion canonical form, filled by SQLite itself (the `replace` chain is
    /// `PlateConfusions.canonical` as its classes were when v7 shipped: changing the classes needs a new migration
    /// that recreates the trigger and refills the column); cloned-plate incidents; unknown faces' embeddings; the
    /// live feed (one row per committed incident and order transition, its id the SSE event id). v8: a drone
    /// sighting's own ground position. v9: who has reviewed which incident (a duty officer's "seen", one row per
    /// incident and reviewer, separate from the incident's status, which its orders move).
    static let late: [Migration] = [
        Migration(
            "v5 outbox leases and failures",
            """
            ALTER TABLE "outbox" ADD COLUMN "claimToken" TEXT;
            ALTER TABLE "outbox" ADD COLUMN "failedAt" DATETIME
            """),
        Migration(
            "v6 watchlist change counter",
            """
            CREATE TABLE "watchlistVersion" ("id" INTEGER PRIMARY KEY, "version" INTEGER NOT NULL);
            INSERT INTO watchlistVersion (id, version) VALUES (1, 0);
            CREATE TRIGGER watchlistIdentity_insert_bumps_version AFTER INSERT ON watchlistIdentity
            BEGIN UPDATE watchlistVersion SET version = version + 1 WHERE id = 1; END;
            CREATE TRIGGER watchlistIdentity_update_bumps_version AFTER UPDATE ON watchlistIdentity
            BEGIN UPDATE watchlistVersion SET version = version + 1 WHERE id = 1; END;
            CREATE TRIGGER watchlistIdentity_delete_bumps_version AFTER DELETE ON watchlistIdentity
            BEGIN UPDATE watchlistVersion SET version = version + 1 WHERE id = 1; END;
            CREATE TRIGGER faceSample_insert_bumps_version AFTER INSERT ON faceSample
            BEGIN UPDATE watchlistVersion SET version = version + 1 WHERE id = 1; END;
            CREATE TRIGGER faceSample_update_bumps_version AFTER UPDATE ON faceSample
            BEGIN UPDATE watchlistVersion SET version = version + 1 WHERE id = 1; END;
            CREATE TRIGGER faceSample_delete_bumps_version AFTER DELETE ON faceSample
            BEGIN UPDATE watchlistVersion SET version = version + 1 WHERE id = 1; END;
            CREATE TRIGGER watchlistPlate_insert_bumps_version AFTER INSERT ON watchlistPlate
            BEGIN UPDATE watchlistVersion SET version = version + 1 WHERE id = 1; END;
            CREATE TRIGGER watchlistPlate_update_bumps_version AFTER UPDATE ON watchlistPlate
            BEGIN UPDATE watchlistVersion SET version = version + 1 WHERE id = 1; END;
            CREATE TRIGGER watchlistPlate_delete_bumps_version AFTER DELETE ON watchlistPlate
            BEGIN UPDATE watchlistVersion SET version = version + 1 WHERE id = 1; END;
            """),
        Migration(
            "v7 API tokens, audit, plate reads, cloned plates, unknown faces, event feed",
            """
            CREATE TABLE "apiToken" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "name" TEXT NOT NULL, "role" TEXT NOT NULL, \
            "grid" TEXT, "force" TEXT, "secretHash" TEXT NOT NULL UNIQUE, "createdAt" DATETIME NOT NULL, \
            "revokedAt" DATETIME);
            CREATE TABLE "auditEntry" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "at" DATETIME NOT NULL, "tokenId" INTEGER, \
            "actor" TEXT NOT NULL, "role" TEXT NOT NULL, "method" TEXT NOT NULL, "route" TEXT NOT NULL, \
            "filters" TEXT NOT NULL, "rows" INTEGER NOT NULL, "status" INTEGER NOT NULL);
            CREATE INDEX "auditEntry_time" ON "auditEntry"("at");
            CREATE TRIGGER auditEntry_no_update BEFORE UPDATE ON auditEntry
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            CREATE TRIGGER auditEntry_no_delete BEFORE DELETE ON auditEntry
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            CREATE TABLE "plateRead" ("sightingId" INTEGER NOT NULL REFERENCES "sighting"("id") ON DELETE CASCADE, \
            "text" TEXT NOT NULL, "canonical" TEXT NOT NULL, PRIMARY KEY ("sightingId", "text"));
            CREATE INDEX "plateRead_on_sightingId" ON "plateRead"("sightingId");
            CREATE INDEX "plateRead_text" ON "plateRead"("text");
            CREATE INDEX "plateRead_canonical" ON "plateRead"("canonical");
            CREATE TRIGGER sighting_plate_reads AFTER INSERT ON sighting WHEN NEW.kind = 'plate'
            BEGIN INSERT OR IGNORE INTO plateRead (sightingId, text, canonical) SELECT NEW.id, NEW.label, \
            replace(replace(replace(replace(replace(replace(replace(replace(NEW.label, 'D', '0'), 'O', '0'), 'Q', '0'), \
            'B', '8'), 'I', '1'), 'Z', '2'), 'S', '5'), 'G', '6') WHERE NEW.label IS NOT NULL
            UNION SELECT NEW.id, key, replace(replace(replace(replace(replace(replace(replace(replace(key, 'D', '0'), 'O', \
            '0'), 'Q', '0'), 'B', '8'), 'I', '1'), 'Z', '2'), 'S', '5'), 'G', '6') FROM json_each(
                CASE WHEN json_valid(NEW.details) THEN NEW.details ELSE '{}' END, '$.variants'); END;
            INSERT OR IGNORE INTO plateRead (sightingId, text, canonical)
            SELECT id, label, replace(replace(replace(replace(replace(replace(replace(replace(label, 'D', '0'), 'O', '0'), \
            'Q', '0'), 'B', '8'), 'I', '1'), 'Z', '2'), 'S', '5'), 'G', \
            '6') FROM sighting WHERE kind = 'plate' AND label IS NOT NULL;
            INSERT OR IGNORE INTO plateRead (sightingId, text, canonical)
            SELECT sighting.id, variant.key, replace(replace(replace(replace(replace(replace(replace(replace(variant.key, \
            'D', '0'), 'O', '0'), 'Q', '0'), 'B', '8'), 'I', '1'), 'Z', '2'), 'S', '5'), 'G', '6')
            FROM sighting, json_each(CASE WHEN json_valid(sighting.details) THEN sighting.details ELSE '{}' END, \
            '$.variants') AS variant
            WHERE sighting.kind = 'plate';
            ALTER TABLE "incident" ADD COLUMN "type" TEXT NOT NULL DEFAULT 'watchlist_hit';
            ALTER TABLE "incident" ADD COLUMN "pairedSightingId" INTEGER REFERENCES "sighting"("id") ON DELETE SET NULL;
            CREATE INDEX "incident_time" ON "incident"("createdAt", "id");
            CREATE INDEX "sighting_time" ON "sighting"("firstSeen", "id");
            CREATE INDEX "sighting_incident" ON "sighting"("incidentId");
            CREATE TABLE "faceEmbedding" ("sightingId" INTEGER PRIMARY KEY REFERENCES "sighting"("id") ON DELETE CASCADE, \
            "cameraId" TEXT NOT NULL, "seenAt" DATETIME NOT NULL, "embedding" BLOB NOT NULL);
            CREATE INDEX "faceEmbedding_time" ON "faceEmbedding"("seenAt");
            CREATE TABLE "feedEvent" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "type" TEXT NOT NULL, \
            "incidentId" INTEGER NOT NULL, "orderId" TEXT, "transitionId" INTEGER, "at" DATETIME NOT NULL);
            CREATE TRIGGER incident_feed AFTER INSERT ON incident
            BEGIN INSERT INTO feedEvent (type, incidentId, at) VALUES ('incident', NEW.id, NEW.createdAt); END;
            CREATE TRIGGER orderTransition_feed AFTER INSERT ON orderTransition
            BEGIN INSERT INTO feedEvent (type, incidentId, orderId, transitionId, at)
                SELECT 'order', incidentId, NEW.orderId, NEW.id, NEW.at FROM dispatchOrder WHERE id = NEW.orderId; END
            """),
        Migration(
            "v8 a sighting's own ground position",
            """
            ALTER TABLE "sighting" ADD COLUMN "latitude" DOUBLE;
            ALTER TABLE "sighting" ADD COLUMN "longitude" DOUBLE
            """),
        Migration(
            "v9 incident reviews",
            """
            CREATE TABLE "incidentReview" ("incidentId" INTEGER NOT NULL REFERENCES "incident"("id") ON DELETE CASCADE, \
            "reviewer" TEXT NOT NULL, "reviewedAt" DATETIME NOT NULL, PRIMARY KEY ("incidentId", "reviewer")) WITHOUT ROWID
            """),
    ]
}
