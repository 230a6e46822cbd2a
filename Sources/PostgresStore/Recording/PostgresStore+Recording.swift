public import Foundation
public import Incidents
import Logging
import PostgresNIO

extension PostgresStore {
    /// Inserts or updates a camera.
    public func save(_ camera: Camera) async throws {
        try await execute("""
            INSERT INTO "camera" ("id", "name", "kind", "url", "latitude", "longitude", "grid", "createdAt")
            VALUES (\(camera.id), \(camera.name), \(camera.kind.rawValue), \(camera.url), \(camera.latitude),
                    \(camera.longitude), \(camera.grid), \(camera.createdAt))
            ON CONFLICT ("id") DO UPDATE SET "name" = excluded."name", "kind" = excluded."kind", "url" = excluded."url",
                "latitude" = excluded."latitude", "longitude" = excluded."longitude", "grid" = excluded."grid",
                "createdAt" = excluded."createdAt"
            """)
    }

    /// Stores a sighting and, for a watchlist hit, its incident, in one transaction: `IncidentStore.record`'s
    /// contract (a repeat within `repeatWindow` of an open incident's last sighting joins it); see `raise` for how two
    /// writers of one subject take turns.
    /// With a ``ClonedPlateRule`` the plate is also compared with its reads at other cameras; a cloned-plate
    /// incident is dated `raisedAt`, by default the database's `now()`. With a ``dispatcher``, each new incident's
    /// orders and messages are planned in the same transaction: a rollback leaves neither.
    @discardableResult
    public func record(_ sighting: Sighting, incident: Incident? = nil, faceEmbedding: [UInt8]? = nil,
                       repeatWindow: TimeInterval = 300, raisedAt: Date? = nil) async throws -> (Sighting, Incident?, isNew: Bool) {
        try await transaction { connection in
            var sighting = sighting
            let sightingId = try await Self.insert(sighting, connection, logger)
            sighting.id = sightingId
            if let faceEmbedding {
                try await connection.rows("""
                    INSERT INTO "faceEmbedding" ("sightingId", "cameraId", "seenAt", "embedding")
                    VALUES (\(sightingId), \(sighting.cameraId), \(sighting.bestTime), \(Data(faceEmbedding)))
                    """, logger: logger)
            }
            var hit: (Incident, isNew: Bool)?, cloned: Int64?
            if let incident { hit = try await Self.raise(incident, for: sighting, repeatWindow: repeatWindow, connection, logger) }
            if let rule = clonedPlates {
                cloned = try await Self.checkClonedPlate(sighting, rule: rule, raisedAt: raisedAt, connection, logger)
            }
            guard let incidentId = hit?.0.id ?? cloned else { return (sighting, nil, false) }
            sighting.incidentId = incidentId
            try await connection.rows(#"UPDATE "sighting" SET "incidentId" = \#(incidentId) WHERE "id" = \#(sightingId)"#,
                                      logger: logger)
            if hit?.isNew == true || cloned != nil { try await dispatchNewIncidents(of: sightingId, connection) }
            return (sighting, hit?.0, hit?.isNew ?? false)
        }
    }

    static func insert(_ sighting: Sighting, _ connection: PostgresConnection, _ logger: Logger) async throws -> Int64 {
        let rows = try await connection.rows("""
            INSERT INTO "sighting" ("cameraId", "kind", "label", "firstSeen", "lastSeen", "bestTime", "mediaOffset",
                "boxX", "boxY", "boxWidth", "boxHeight", "confidence", "frames", "snapshotPath", "cropPath", "incidentId",
                "details", "latitude", "longitude")
            VALUES (\(sighting.cameraId), \(sighting.kind.rawValue), \(sighting.label), \(sighting.firstSeen),
                \(sighting.lastSeen), \(sighting.bestTime), \(sighting.mediaOffset), \(sighting.boxX), \(sighting.boxY),
                \(sighting.boxWidth), \(sighting.boxHeight), \(sighting.confidence), \(sighting.frames),
                \(sighting.snapshotPath), \(sighting.cropPath), \(sighting.incidentId), \(sighting.details),
                \(sighting.latitude), \(sighting.longitude))
            RETURNING "id"
            """, logger: logger)
        return try rows[0].value("id")
    }

    /// Plans the first tier of each incident `sightingId` raised (a new incident is dated by the sighting that
    /// raised it; one it joined keeps its own), in id order as the SQLite store's hook runs them.
    private func dispatchNewIncidents(of sightingId: Int64, _ connection: PostgresConnection) async throws {
        guard let dispatcher else { return }
        let raised = try await connection.rows(#"SELECT * FROM "incident" WHERE "sightingId" = \#(sightingId) ORDER BY "id""#,
                                               logger: logger)
        for incident in try raised.map({ try $0.incident() }) {
            try await PostgresDispatchWrites.plan(incident, tier: 0, excluding: [], with: dispatcher, connection, logger)
        }
    }
}
