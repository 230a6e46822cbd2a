extension Migrations {
    /// v12 (#25): the registers of residential communities and their gates' access log. A resident's faces are
    /// embeddings only (128 little-endian Float32), never photos; a visitor's pass is for a face or a plate, valid
    /// from/until; a key-person watch holds one resident at home until a date. Every passage at a gate camera is an
    /// access record (outcome resident | visitor | stranger) linking its sighting and, when a gate rule raised one,
    /// its incident. `communityRegister.version` rises with every register change, so a running `serve` reloads.
    static let communities: [Migration] = [
        Migration(
            "v12 community registers and access records",
            """
            CREATE TABLE "communityRegister" ("community" TEXT PRIMARY KEY NOT NULL, "version" INTEGER NOT NULL DEFAULT 0);
            CREATE TABLE "communityResident" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "community" TEXT NOT NULL, \
            "name" TEXT NOT NULL, "unit" TEXT NOT NULL, "createdAt" DATETIME NOT NULL);
            CREATE INDEX "communityResident_community_unit" ON "communityResident"("community", "unit");
            CREATE TABLE "communityResidentFace" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, \
            "residentId" INTEGER NOT NULL REFERENCES "communityResident"("id") ON DELETE CASCADE, \
            "embedding" BLOB NOT NULL);
            CREATE INDEX "communityResidentFace_resident" ON "communityResidentFace"("residentId");
            CREATE TABLE "communityVehicle" ("community" TEXT NOT NULL, "plate" TEXT NOT NULL, "unit" TEXT NOT NULL, \
            "createdAt" DATETIME NOT NULL, PRIMARY KEY ("community", "plate"));
            CREATE TABLE "visitorPass" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "community" TEXT NOT NULL, \
            "name" TEXT, "hostUnit" TEXT NOT NULL, "plate" TEXT, "validFrom" DATETIME NOT NULL, \
            "validUntil" DATETIME NOT NULL, "createdAt" DATETIME NOT NULL);
            CREATE INDEX "visitorPass_community" ON "visitorPass"("community", "validUntil");
            CREATE TABLE "visitorPassFace" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, \
            "passId" INTEGER NOT NULL REFERENCES "visitorPass"("id") ON DELETE CASCADE, "embedding" BLOB NOT NULL);
            CREATE INDEX "visitorPassFace_pass" ON "visitorPassFace"("passId");
            CREATE TABLE "keyPersonWatch" ("residentId" INTEGER PRIMARY KEY NOT NULL \
            REFERENCES "communityResident"("id") ON DELETE CASCADE, "until" DATETIME NOT NULL, "createdAt" DATETIME NOT NULL);
            CREATE TABLE "accessRecord" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "community" TEXT NOT NULL, \
            "cameraId" TEXT NOT NULL, "at" DATETIME NOT NULL, "direction" TEXT, "kind" TEXT NOT NULL, \
            "outcome" TEXT NOT NULL, "residentId" INTEGER REFERENCES "communityResident"("id") ON DELETE SET NULL, \
            "plate" TEXT, "passId" INTEGER REFERENCES "visitorPass"("id") ON DELETE SET NULL, \
            "sightingId" INTEGER REFERENCES "sighting"("id") ON DELETE SET NULL, \
            "incidentId" INTEGER REFERENCES "incident"("id") ON DELETE SET NULL, "rule" TEXT);
            CREATE INDEX "accessRecord_community_time" ON "accessRecord"("community", "at", "id");
            CREATE INDEX "accessRecord_sighting" ON "accessRecord"("sightingId")
            """),
    ]
}
