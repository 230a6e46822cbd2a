extension Migrations {
    /// v1 to v4, as first shipped (GRDB's table builder wrote this SQL; it is kept letter for letter, so databases
    /// created before and after the change have identical `sqlite_master` rows).
    static let early: [Migration] = [
        Migration(
            "v1 cameras, sightings, incidents",
            """
            CREATE TABLE "camera" ("id" TEXT PRIMARY KEY NOT NULL, "name" TEXT NOT NULL, "kind" TEXT NOT NULL, \
            "url" TEXT NOT NULL, "latitude" DOUBLE, "longitude" DOUBLE, "grid" TEXT, "createdAt" DATETIME NOT NULL);
            CREATE TABLE "sighting" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, \
            "cameraId" TEXT NOT NULL REFERENCES "camera"("id") ON DELETE CASCADE, "kind" TEXT NOT NULL, "label" TEXT, \
            "firstSeen" DATETIME NOT NULL, "lastSeen" DATETIME NOT NULL, "bestTime" DATETIME NOT NULL, \
            "mediaOffset" DOUBLE NOT NULL, "boxX" INTEGER NOT NULL, "boxY" INTEGER NOT NULL, "boxWidth" INTEGER NOT NULL, \
            "boxHeight" INTEGER NOT NULL, "confidence" DOUBLE NOT NULL, "frames" INTEGER NOT NULL, "snapshotPath" TEXT, \
            "cropPath" TEXT, "details" TEXT);
            CREATE INDEX "sighting_on_cameraId" ON "sighting"("cameraId");
            CREATE INDEX "sighting_kind_label_time" ON "sighting"("kind", "label", "firstSeen");
            CREATE INDEX "sighting_camera_time" ON "sighting"("cameraId", "firstSeen");
            CREATE TABLE "incident" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, \
            "sightingId" INTEGER NOT NULL REFERENCES "sighting"("id") ON DELETE RESTRICT, \
            "cameraId" TEXT NOT NULL REFERENCES "camera"("id") ON DELETE CASCADE, "kind" TEXT NOT NULL, \
            "subject" TEXT NOT NULL, "watchlist" TEXT, "reason" TEXT, "severity" TEXT NOT NULL, "status" TEXT NOT NULL, \
            "latitude" DOUBLE, "longitude" DOUBLE, "createdAt" DATETIME NOT NULL);
            CREATE INDEX "incident_on_sightingId" ON "incident"("sightingId");
            CREATE INDEX "incident_on_cameraId" ON "incident"("cameraId");
            CREATE INDEX "incident_subject_time" ON "incident"("subject", "createdAt")
            """),
        Migration(
            "v2 face watchlist, sightings linked to incidents",
            """
            CREATE TABLE "watchlistIdentity" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "name" TEXT NOT NULL, \
            "list" TEXT NOT NULL, "severity" TEXT NOT NULL, "reason" TEXT, "createdAt" DATETIME NOT NULL, UNIQUE ("name", \
            "list"));
            CREATE TABLE "faceSample" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, \
            "identityId" INTEGER NOT NULL REFERENCES "watchlistIdentity"("id") ON DELETE CASCADE, \
            "embedding" BLOB NOT NULL, "photo" TEXT NOT NULL, "createdAt" DATETIME NOT NULL);
            CREATE INDEX "faceSample_on_identityId" ON "faceSample"("identityId");
            ALTER TABLE "sighting" ADD COLUMN "incidentId" INTEGER REFERENCES "incident"("id") ON DELETE SET NULL;
            ALTER TABLE "incident" ADD COLUMN "lastSeenAt" DATETIME;
            ALTER TABLE "incident" ADD COLUMN "sightings" INTEGER NOT NULL DEFAULT 1;
            CREATE INDEX "incident_camera_kind_subject" ON "incident"("cameraId", "kind", "subject", "createdAt")
            """),
        Migration(
            "v3 dispatch orders, transitions, outbox",
            """
            CREATE TABLE "dispatchOrder" ("id" TEXT PRIMARY KEY NOT NULL, \
            "incidentId" INTEGER NOT NULL REFERENCES "incident"("id") ON DELETE CASCADE, "forceId" TEXT NOT NULL, \
            "forceType" TEXT NOT NULL, "rule" TEXT NOT NULL, "tier" INTEGER NOT NULL, "state" TEXT NOT NULL, \
            "distanceMeters" DOUBLE, "deadline" DATETIME NOT NULL, "createdAt" DATETIME NOT NULL, \
            "updatedAt" DATETIME NOT NULL);
            CREATE INDEX "dispatchOrder_on_incidentId" ON "dispatchOrder"("incidentId");
            CREATE INDEX "dispatchOrder_state_deadline" ON "dispatchOrder"("state", "deadline");
            CREATE TABLE "orderTransition" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, \
            "orderId" TEXT NOT NULL REFERENCES "dispatchOrder"("id") ON DELETE CASCADE, "fromState" TEXT, \
            "toState" TEXT NOT NULL, "at" DATETIME NOT NULL, "actor" TEXT NOT NULL, "note" TEXT);
            CREATE INDEX "orderTransition_on_orderId" ON "orderTransition"("orderId");
            CREATE TABLE "outbox" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, \
            "orderId" TEXT NOT NULL REFERENCES "dispatchOrder"("id") ON DELETE CASCADE, "url" TEXT NOT NULL, \
            "body" BLOB NOT NULL, "signature" TEXT NOT NULL, "attempts" INTEGER NOT NULL DEFAULT 0, \
            "nextAttemptAt" DATETIME NOT NULL, "deliveredAt" DATETIME, "lastError" TEXT, "createdAt" DATETIME NOT NULL);
            CREATE INDEX "outbox_on_orderId" ON "outbox"("orderId");
            CREATE INDEX "outbox_due" ON "outbox"("deliveredAt", "nextAttemptAt")
            """),
        Migration(
            "v4 plate hotlist",
            """
            CREATE TABLE "watchlistPlate" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "pattern" TEXT NOT NULL UNIQUE, \
            "list" TEXT NOT NULL, "reason" TEXT, "severity" TEXT NOT NULL, "createdAt" DATETIME NOT NULL)
            """),
    ]
}
