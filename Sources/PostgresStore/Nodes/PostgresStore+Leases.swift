import Foundation
import Logging
import PostgresNIO

/// A camera lease this node holds: the epoch its claim raised, and how long the database gave it.
public struct CameraLease: Sendable, Equatable {
    public var cameraId: String
    public var epoch: Int64
    /// The lease's length at its claim or last renewal, by the database's clock (`expiresAt - now()`).
    public var seconds: Double

    public init(cameraId: String, epoch: Int64, seconds: Double) {
        self.cameraId = cameraId
        self.epoch = epoch
        self.seconds = seconds
    }
}

/// Camera leases on the shared store (#22). Every time is the database's (`now()`), so nodes whose clocks disagree
/// still agree on who holds what; each node bounds its own trust with its monotonic clock (`LeaseKeeper`).
extension PostgresStore {
    /// Records that `node` is alive (its capacity and roles, for fair shares and `/api/nodes`).
    public func heartbeat(node: String, capacity: Int, roles: [String]) async throws {
        try await execute("""
            INSERT INTO "node" ("id", "capacity", "roles", "startedAt", "heartbeatAt")
            VALUES (\(node), \(capacity), \(roles.joined(separator: ",")), now(), now())
            ON CONFLICT ("id") DO UPDATE SET "capacity" = excluded."capacity", "roles" = excluded."roles",
                "heartbeatAt" = excluded."heartbeatAt"
            """)
    }

    /// Claims unowned and expired cameras for `node`, up to its capacity and its fair share (the cameras divided
    /// among the nodes whose heartbeat is at most `liveWithin` seconds old, rounded up), taking each row
    /// `FOR UPDATE SKIP LOCKED` so two nodes claiming at once never take one camera twice or wait on each other.
    /// Each claim raises the camera's epoch. Returns the new leases.
    public func claimCameras(node: String, capacity: Int, ttl: Double, liveWithin: Double) async throws -> [CameraLease] {
        let logger = logger
        return try await transaction { connection in
            let counts = try await connection.rows("""
                SELECT (SELECT count(*) FROM "sharedCamera") AS "cameras",
                    (SELECT count(*) FROM "node" WHERE "heartbeatAt" > now() - make_interval(secs => \(liveWithin))
                        OR "id" = \(node)) AS "nodes",
                    (SELECT count(*) FROM "sharedCamera" WHERE "nodeId" = \(node) AND "expiresAt" > now()) AS "held"
                """, logger: logger)[0]
            let cameras = try counts.value("cameras", as: Int.self), nodes = max(1, try counts.value("nodes", as: Int.self))
            let wanted = min(capacity, (cameras + nodes - 1) / nodes) - (try counts.value("held", as: Int.self))
            guard wanted > 0 else { return [] }
            return try await connection.rows("""
                UPDATE "sharedCamera" SET "nodeId" = \(node), "epoch" = "epoch" + 1, "claimedAt" = now(),
                    "expiresAt" = now() + make_interval(secs => \(ttl))
                WHERE "id" IN (SELECT "id" FROM "sharedCamera" WHERE "expiresAt" IS NULL OR "expiresAt" <= now()
                               ORDER BY "id" LIMIT \(wanted) FOR UPDATE SKIP LOCKED)
                RETURNING "id", "epoch", extract(epoch FROM "expiresAt" - now())::double precision AS "seconds"
                """, logger: logger).map(Self.lease)
        }
    }

    /// The cameras `node` should hold now: its capacity, or its fair share of the cameras among the live nodes
    /// (rounded up) when that is smaller. A node above it hands the excess over (drained, then released).
    public func fairShare(node: String, capacity: Int, liveWithin: Double) async throws -> Int {
        let counts = try await rows("""
            SELECT (SELECT count(*) FROM "sharedCamera") AS "cameras",
                (SELECT count(*) FROM "node" WHERE "heartbeatAt" > now() - make_interval(secs => \(liveWithin))
                    OR "id" = \(node)) AS "nodes"
            """)[0]
        let cameras = try counts.value("cameras", as: Int.self), nodes = max(1, try counts.value("nodes", as: Int.self))
        return min(capacity, (cameras + nodes - 1) / nodes)
    }

    /// Extends `node`'s unexpired leases on `leases` (same epoch) by `ttl` seconds; returns those renewed. A lease
    /// missing from the answer is lost: it expired, or another node claimed the camera, or it was removed.
    public func renewLeases(node: String, _ leases: [CameraLease], ttl: Double) async throws -> [CameraLease] {
        guard !leases.isEmpty else { return [] }
        let ids = leases.map(\.cameraId), epochs = leases.map(\.epoch)
        return try await rows("""
            UPDATE "sharedCamera" SET "expiresAt" = now() + make_interval(secs => \(ttl))
            FROM unnest(\(ids)::text[], \(epochs)::bigint[]) AS held("id", "epoch")
            WHERE "sharedCamera"."id" = held."id" AND "sharedCamera"."epoch" = held."epoch"
                AND "sharedCamera"."nodeId" = \(node) AND "sharedCamera"."expiresAt" > now()
            RETURNING "sharedCamera"."id", "sharedCamera"."epoch",
                extract(epoch FROM "sharedCamera"."expiresAt" - now())::double precision AS "seconds"
            """).map(Self.lease)
    }

    /// Gives up `node`'s leases (after its cameras drained), so other nodes take the cameras at their next claim.
    /// The epoch stays: the next claim raises it.
    @discardableResult
    public func releaseLeases(node: String, cameras: [String]? = nil) async throws -> Int {
        let only = cameras ?? []
        return try await rows("""
            UPDATE "sharedCamera" SET "nodeId" = NULL, "expiresAt" = NULL
            WHERE "nodeId" = \(node) AND (\(cameras == nil) OR "id" = ANY(\(only)::text[]))
            RETURNING "id"
            """).count
    }

    /// Refuses the transaction's writes when the camera's lease has a newer epoch than `epoch` (or the camera is no
    /// longer shared). `FOR SHARE` holds a concurrent claim until this transaction ends, so a claim either sees this
    /// write committed or this write sees its epoch.
    static func checkFence(camera: String, epoch: Int64, _ connection: PostgresConnection, _ logger: Logger) async throws {
        let current = try await connection.rows(#"SELECT "epoch" FROM "sharedCamera" WHERE "id" = \#(camera) FOR SHARE"#,
                                                logger: logger).first.map { try $0.value("epoch", as: Int64.self) }
        guard let current, current <= epoch else {
            let holder = current.map { "epoch \($0)" } ?? "no lease"
            throw PostgresStoreError(.fenced, "camera \(camera): write of epoch \(epoch) refused (the camera now has \(holder))")
        }
    }

    private static func lease(_ row: PostgresRandomAccessRow) throws -> CameraLease {
        CameraLease(cameraId: try row.value("id"), epoch: try row.value("epoch"), seconds: try row.value("seconds"))
    }
}
