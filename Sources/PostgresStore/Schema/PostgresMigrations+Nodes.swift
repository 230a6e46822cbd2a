extension PostgresMigrations {
    /// v11: `Incidents.Migrations.nodes` in this dialect. Lease times are the database's (`now()`), so every node
    /// judges expiry on one clock.
    static let nodes: [PostgresMigration] = [
        PostgresMigration(
            "v11 shared cameras, leases and nodes",
            """
            CREATE TABLE "sharedCamera" ("id" text PRIMARY KEY, "definition" text NOT NULL, \
            "updatedAt" timestamptz NOT NULL, "nodeId" text, "epoch" bigint NOT NULL DEFAULT 0, "claimedAt" timestamptz, \
            "expiresAt" timestamptz);
            CREATE INDEX "sharedCamera_node" ON "sharedCamera"("nodeId");
            CREATE TABLE "node" ("id" text PRIMARY KEY, "capacity" integer NOT NULL, "roles" text NOT NULL, \
            "startedAt" timestamptz NOT NULL, "heartbeatAt" timestamptz NOT NULL);
            ALTER TABLE "sighting" ADD COLUMN "epoch" bigint
            """),
    ]
}
