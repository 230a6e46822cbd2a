public import Incidents
import Logging
import PostgresNIO

extension PostgresStore: AlarmStore {
    /// `IncidentStore.raiseAlarm`'s contract: a sighting of kind `alarm` and its incident, dispatched, in one
    /// transaction; the same device and time again is a replay. Reports of one device take turns (an advisory lock on
    /// it), so two nodes handed the same alarm at once cannot both find none and both raise one.
    public func raiseAlarm(_ report: AlarmReport) async throws -> AlarmOutcome {
        try await transaction { connection in
            try await connection.rows("SELECT pg_advisory_xact_lock(\(Self.alarmLockClass), hashtext(\(report.device)))", logger: logger)
            let earlier = try await connection.rows("""
                SELECT i.* FROM "sighting" s JOIN "incident" i ON i."id" = s."incidentId"
                WHERE s."kind" = 'alarm' AND s."label" = \(report.device) AND s."firstSeen" = \(report.time) LIMIT 1
                """, logger: logger).first
            if let earlier = try earlier?.incident() { return .replayed(earlier) }
            var sighting = report.sighting
            sighting.id = try await Self.insert(sighting, connection, logger)
            let incident = try await Self.insertNew(report.incident, for: sighting, connection, logger)
            try await connection.rows(#"UPDATE "sighting" SET "incidentId" = \#(incident.id) WHERE "id" = \#(sighting.id)"#,
                                      logger: logger)
            if let dispatcher {
                try await PostgresDispatchWrites.plan(incident, tier: 0, excluding: [], with: dispatcher, connection, logger)
            }
            return .raised(incident)
        }
    }

    /// The first key of the alarm locks (the second is the device's hash).
    static let alarmLockClass: Int32 = 25
}
