public import Foundation
import Logging
import PostgresNIO

/// A camera kept in the database for the nodes that share it: its config entry (YAML) and its lease.
public struct SharedCamera: Sendable, Equatable {
    public var id: String
    /// The camera's entry as in a config's `cameras:` list, in YAML: passwords stay references (`{env: NAME}`).
    public var definition: String
    public var updatedAt: Date
    /// The node holding its lease, nil when none ever did or it was released.
    public var nodeId: String?
    /// Raised by every claim; the writes of the camera's pipeline carry it.
    public var epoch: Int64
    public var claimedAt: Date?
    /// When the lease ends, by the database's clock.
    public var expiresAt: Date?

    public init(id: String, definition: String, updatedAt: Date = Date(), nodeId: String? = nil, epoch: Int64 = 0,
                claimedAt: Date? = nil, expiresAt: Date? = nil) {
        self.id = id
        self.definition = definition
        self.updatedAt = updatedAt
        self.nodeId = nodeId
        self.epoch = epoch
        self.claimedAt = claimedAt
        self.expiresAt = expiresAt
    }
}

extension PostgresStore {
    /// Adds or replaces each camera's definition in one transaction; a camera's lease and epoch are kept (a node
    /// running it restarts it when it sees the new definition).
    public func importCameras(_ cameras: [(id: String, definition: String)]) async throws {
        let logger = logger
        try await transaction { connection in
            for camera in cameras {
                try await connection.rows("""
                    INSERT INTO "sharedCamera" ("id", "definition", "updatedAt") VALUES (\(camera.id), \(camera.definition), now())
                    ON CONFLICT ("id") DO UPDATE SET "definition" = excluded."definition", "updatedAt" = excluded."updatedAt"
                    """, logger: logger)
            }
        }
    }

    /// Every shared camera, by id, with its lease.
    public func sharedCameras() async throws -> [SharedCamera] {
        try await rows(#"SELECT * FROM "sharedCamera" ORDER BY "id""#).map { row in
            SharedCamera(id: try row.value("id"), definition: try row.value("definition"), updatedAt: try row.value("updatedAt"),
                         nodeId: try row.value("nodeId"), epoch: try row.value("epoch"), claimedAt: try row.value("claimedAt"),
                         expiresAt: try row.value("expiresAt"))
        }
    }

    /// Removes a shared camera (its sightings stay); false when there was none. The node holding it stops it when
    /// its next renewal finds no lease.
    public func removeSharedCamera(id: String) async throws -> Bool {
        try await !rows(#"DELETE FROM "sharedCamera" WHERE "id" = \#(id) RETURNING "id""#).isEmpty
    }
}

extension PostgresStore {
    /// How many sightings were written under a lease of `epoch` (any camera): the fencing tests' evidence.
    public func sightingCount(epoch: Int64) async throws -> Int {
        try await rows(#"SELECT count(*) AS "count" FROM "sighting" WHERE "epoch" = \#(epoch)"#)[0].value("count")
    }
}
