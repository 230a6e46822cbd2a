extension Migrations {
    /// v10 (#23): an incident's clip, one row once its MP4 is complete and renamed (never while it is written), so
    /// a row always names a whole file; the file goes with its incident (the cascade) and is evidence as long as the
    /// incident's snapshot is. Continuous recording's segments, indexed by camera and time, with their keyframe
    /// offsets (a JSON array of seconds from the segment's start) for cutting exports.
    static let video: [Migration] = [
        Migration(
            "v10 incident clips, recording segments",
            """
            CREATE TABLE "incidentClip" ("incidentId" INTEGER PRIMARY KEY NOT NULL \
            REFERENCES "incident"("id") ON DELETE CASCADE, "path" TEXT NOT NULL, "startedAt" DATETIME NOT NULL, \
            "seconds" DOUBLE NOT NULL, "hitOffset" DOUBLE NOT NULL, "bytes" INTEGER NOT NULL, "createdAt" DATETIME NOT NULL);
            CREATE TABLE "recordingSegment" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, \
            "cameraId" TEXT NOT NULL REFERENCES "camera"("id") ON DELETE CASCADE, "path" TEXT NOT NULL, \
            "startedAt" DATETIME NOT NULL, "endedAt" DATETIME NOT NULL, "bytes" INTEGER NOT NULL, \
            "keyframes" TEXT NOT NULL, "createdAt" DATETIME NOT NULL);
            CREATE INDEX "recordingSegment_camera_time" ON "recordingSegment"("cameraId", "startedAt")
            """),
    ]
}
