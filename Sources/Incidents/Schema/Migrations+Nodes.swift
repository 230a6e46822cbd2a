extension Migrations {
    /// v11 (#22): cameras kept in the database for nodes that share it (`sharpeyes cameras import`): each one's
    /// config entry as YAML, and its lease: the node holding it, until when by the database's clock, and the epoch
    /// that each claim raises and every write of the camera's pipeline carries (fencing). The nodes, with their
    /// capacity and last heartbeat, for fair shares and `/api/nodes`. A sighting's epoch says which lease wrote it.
    /// SQLite has the same tables so the schema stays one; only a shared PostgreSQL store leases.
    static let nodes: [Migration] = [
        Migration(
            "v11 shared cameras, leases and nodes",
            """
            CREATE TABLE "sharedCamera" ("id" TEXT PRIMARY KEY NOT NULL, "definition" TEXT NOT NULL, \
            "updatedAt" DATETIME NOT NULL, "nodeId" TEXT, "epoch" INTEGER NOT NULL DEFAULT 0, "claimedAt" DATETIME, \
            "expiresAt" DATETIME);
            CREATE INDEX "sharedCamera_node" ON "sharedCamera"("nodeId");
            CREATE TABLE "node" ("id" TEXT PRIMARY KEY NOT NULL, "capacity" INTEGER NOT NULL, "roles" TEXT NOT NULL, \
            "startedAt" DATETIME NOT NULL, "heartbeatAt" DATETIME NOT NULL);
            ALTER TABLE "sighting" ADD COLUMN "epoch" INTEGER
            """),
    ]
}
