import Foundation
import GRDB

extension IncidentStore {
    /// Compares a stored plate sighting with the plate's other reads and, on a conflict, raises a cloned-plate incident
    /// (dispatched through the same hook as a hit) or joins the one still open for the plate: one alert per cloned
    /// plate, not one per pass. Returns the id of the incident raised or joined.
    ///
    /// Runs in the sighting's transaction, so two cameras' writers cannot both miss each other's read: SQLite has one
    /// writer, and the second to commit sees the first.
    func checkClonedPlate(_ sighting: Sighting, rule: ClonedPlateRule, raisedAt: Date, _ db: Database) throws -> Int64? {
        guard sighting.kind == .plate, let plate = sighting.label,
              let camera = try Camera.fetchOne(db, key: sighting.cameraId), let place = camera.coordinate,
              let conflict = try rule.conflict(for: sighting, at: place, db) else { return nil }
        if var open = try openClonedPlate(plate, since: sighting.firstSeen.addingTimeInterval(-rule.lookBack), db) {
            try open.join(sighting, db)
            return open.id
        }
        var incident = Incident(cameraId: camera.id, kind: .plate, subject: plate, watchlist: nil,
                                reason: conflict.reason(cameraId: camera.id), severity: rule.severity,
                                latitude: place.latitude, longitude: place.longitude, createdAt: raisedAt)
        incident.type = .clonedPlate
        incident.pairedSightingId = conflict.pairedSightingId
        return try insertNew(incident, for: sighting, db).id
    }

    private func openClonedPlate(_ plate: String, since: Date, _ db: Database) throws -> Incident? {
        try Incident
            .filter(Column("subject") == plate && Column("type") == Incident.IncidentType.clonedPlate.rawValue)
            .filter(Column("status") != Incident.Status.resolved.rawValue && Column("lastSeenAt") >= since)
            .order(Column("createdAt").desc)
            .fetchOne(db)
    }
}
