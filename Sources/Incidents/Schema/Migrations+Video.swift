extension Migrations {
    /// v9 (#23): an incident's clip, one row once its MP4 is complete and renamed (never while it is written), so
    /// a row always names a whole file. The file goes with its incident (the cascade) and is evidence as long as
    /// the incident's snapshot is.
    static let video: [Migration] = [
        Migration(
            "v9 incident clips",
            """
            CREATE TABLE "incidentClip" ("incidentId" INTEGER PRIMARY KEY NOT NULL \
            REFERENCES "incident"("id") ON DELETE CASCADE, "path" TEXT NOT NULL, "startedAt" DATETIME NOT NULL, \
            "seconds" DOUBLE NOT NULL, "hitOffset" DOUBLE NOT NULL, "bytes" INTEGER NOT NULL, "createdAt" DATETIME NOT NULL)
            """),
    ]
}
