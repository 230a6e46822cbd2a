import Foundation
import Incidents
import Logging
import PostgresNIO
import Severities

extension PostgresStore {
    /// `IncidentStore.checkClonedPlate` on PostgreSQL: compares a stored plate sighting with the plate's other
    /// confident reads (the shared `ClonedPlateRule.strongestConflict` judges them) and raises a cloned-plate incident
    /// or joins the one still open; returns its id. Writers of one plate take turns under an advisory lock held to
    /// commit, and each statement sees what committed before it: of two cameras reading the plate at once on two
    /// nodes, the second sees the first (under SQLite, its single writer does the same).
    static func checkClonedPlate(_ sighting: Sighting, rule: ClonedPlateRule, raisedAt: Date?,
                                 _ connection: PostgresConnection, _ logger: Logger) async throws -> Int64? {
        guard sighting.kind == .plate, let plate = sighting.label, sighting.confidence >= rule.minimumConfidence,
              let camera = try await connection.rows(#"SELECT * FROM "camera" WHERE "id" = \#(sighting.cameraId)"#,
                                                     logger: logger).first,
              let latitude = try camera.value("latitude", as: Double?.self),
              let longitude = try camera.value("longitude", as: Double?.self) else { return nil }
        try await connection.rows("SELECT pg_advisory_xact_lock(\(clonedPlateLockClass), hashtext(\(plate)))", logger: logger)
        let place = Coordinate(latitude: latitude, longitude: longitude)
        let reads = try await otherReads(of: sighting, plate: plate, rule: rule, connection, logger)
        guard let conflict = rule.strongestConflict(for: sighting, at: place, among: reads) else { return nil }
        let since = sighting.firstSeen.addingTimeInterval(-rule.lookBack)
        if let open = try await connection.rows("""
            SELECT * FROM "incident" WHERE "subject" = \(plate) AND "type" = \(Incident.IncidentType.clonedPlate.rawValue)
                AND "status" <> \(Incident.Status.resolved.rawValue) AND "lastSeenAt" >= \(since)
            ORDER BY "createdAt" DESC LIMIT 1
            """, logger: logger).first {
            return try await join(open.incident(), sighting, connection, logger).id
        }
        var createdAt = raisedAt
        if createdAt == nil { createdAt = try await databaseNow(connection, logger) }
        var incident = Incident(cameraId: sighting.cameraId, kind: .plate, subject: plate, watchlist: nil,
                                reason: conflict.reason(cameraId: sighting.cameraId), severity: rule.severity,
                                latitude: latitude, longitude: longitude, createdAt: createdAt ?? Date())
        incident.type = .clonedPlate
        incident.pairedSightingId = conflict.pairedSightingId
        return try await insertNew(incident, for: sighting, connection, logger).id
    }

    /// The second key of these locks is the plate's hash.
    static let clonedPlateLockClass: Int32 = 23

    /// The plate's other confident reads at cameras with a position, within `lookBack` either side.
    private static func otherReads(of sighting: Sighting, plate: String, rule: ClonedPlateRule,
                                   _ connection: PostgresConnection, _ logger: Logger) async throws -> [PlateRead] {
        try await connection.rows("""
            SELECT "sighting"."id", "sighting"."cameraId", "sighting"."firstSeen", "sighting"."lastSeen",
                "camera"."latitude", "camera"."longitude"
            FROM "sighting" JOIN "camera" ON "camera"."id" = "sighting"."cameraId"
            WHERE "sighting"."kind" = 'plate' AND "sighting"."label" = \(plate)
              AND "sighting"."firstSeen" BETWEEN \(sighting.firstSeen.addingTimeInterval(-rule.lookBack))
                  AND \(sighting.lastSeen.addingTimeInterval(rule.lookBack))
              AND "sighting"."id" <> \(sighting.id) AND "sighting"."cameraId" <> \(sighting.cameraId)
              AND "sighting"."confidence" >= \(rule.minimumConfidence)
              AND "camera"."latitude" IS NOT NULL AND "camera"."longitude" IS NOT NULL
            ORDER BY "sighting"."firstSeen" DESC LIMIT 1000
            """, logger: logger).map { row in
            PlateRead(id: try row.value("id"), cameraId: try row.value("cameraId"), firstSeen: try row.time("firstSeen"),
                      lastSeen: try row.time("lastSeen"),
                      place: Coordinate(latitude: try row.value("latitude"), longitude: try row.value("longitude")))
        }
    }

    /// Counts one more sighting in an open incident.
    static func join(_ incident: Incident, _ sighting: Sighting, _ connection: PostgresConnection,
                     _ logger: Logger) async throws -> Incident {
        var joined = incident
        joined.sightings += 1
        joined.lastSeenAt = max(joined.lastSeenAt ?? joined.createdAt, sighting.lastSeen)
        try await connection.rows("""
            UPDATE "incident" SET "sightings" = \(joined.sightings), "lastSeenAt" = \(joined.lastSeenAt) WHERE "id" = \(joined.id)
            """, logger: logger)
        return joined
    }

    /// The database's time (the transaction's start): what every node agrees a server-side time is.
    static func databaseNow(_ connection: PostgresConnection, _ logger: Logger) async throws -> Date {
        try await connection.rows("SELECT now() AS now", logger: logger)[0].time("now")
    }
}
