import Foundation
import Incidents
import Logging
import PostgresNIO
import Severities

extension PostgresStore {
    /// Joins the open incident `incident` repeats, or inserts it. Writers of one subject at one camera take turns
    /// (a transaction-scoped advisory lock on camera, kind and subject, held to commit): two nodes, or two passes
    /// recorded at once, cannot both find no open incident and both raise one, which SQLite's single writer rules out.
    static func raise(_ incident: Incident, for sighting: Sighting, repeatWindow: TimeInterval,
                      _ connection: PostgresConnection, _ logger: Logger) async throws -> (Incident, isNew: Bool) {
        let key = "\(incident.type.rawValue)|\(incident.cameraId)|\(incident.kind.rawValue)|\(incident.subject)"
        try await connection.rows("SELECT pg_advisory_xact_lock(\(incidentLockClass), hashtext(\(key)))", logger: logger)
        let since = sighting.firstSeen.addingTimeInterval(-repeatWindow)
        let open = try await connection.rows("""
            SELECT * FROM "incident" WHERE "type" = \(incident.type.rawValue) AND "cameraId" = \(incident.cameraId)
                AND "kind" = \(incident.kind.rawValue) AND "subject" = \(incident.subject)
                AND "status" <> \(Incident.Status.resolved.rawValue) AND "lastSeenAt" >= \(since)
            ORDER BY "createdAt" DESC LIMIT 1
            """, logger: logger).first
        if let open = try open?.incident() { return (try await join(open, sighting, connection, logger), false) }
        return (try await insertNew(incident, for: sighting, connection, logger), true)
    }

    /// The first key of the incident locks (the second is the subject's hash); the feed's lock is a single key.
    static let incidentLockClass: Int32 = 22

    /// Inserts a new incident raised by `sighting`.
    static func insertNew(_ incident: Incident, for sighting: Sighting, _ connection: PostgresConnection,
                          _ logger: Logger) async throws -> Incident {
        var incident = incident
        incident.sightingId = sighting.id ?? 0
        incident.lastSeenAt = sighting.lastSeen
        let rows = try await connection.rows("""
            INSERT INTO "incident" ("sightingId", "cameraId", "kind", "subject", "watchlist", "reason", "severity",
                "status", "latitude", "longitude", "createdAt", "lastSeenAt", "sightings", "type", "pairedSightingId")
            VALUES (\(incident.sightingId), \(incident.cameraId), \(incident.kind.rawValue), \(incident.subject),
                \(incident.watchlist), \(incident.reason), \(incident.severity.rawValue), \(incident.status.rawValue),
                \(incident.latitude), \(incident.longitude), \(incident.createdAt), \(incident.lastSeenAt),
                \(incident.sightings), \(incident.type.rawValue), \(incident.pairedSightingId))
            RETURNING "id"
            """, logger: logger)
        incident.id = try rows[0].value("id")
        return incident
    }
}
