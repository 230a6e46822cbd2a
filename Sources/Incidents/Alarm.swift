public import Foundation
import GRDB
public import Severities

/// A device's alarm as the store records it: a sighting of kind `alarm` at the camera nearest the device (its
/// snapshot the camera's picture at that moment, when there is one) and an incident of type `alarm` at the device's
/// position, dispatched by the rules like any hit, in one transaction.
public struct AlarmReport: Sendable, Equatable {
    /// The device's id (the token it speaks with names it) and name.
    public var device: String
    public var deviceName: String
    /// `one_button`, `door_seal`, … as the device says.
    public var kind: String
    /// When the device says the alarm went off.
    public var time: Date
    public var latitude: Double?
    public var longitude: Double?
    public var description: String?
    public var severity: Severity
    /// The camera the incident is placed at.
    public var cameraId: String
    public var snapshotPath: String?
    /// The incident to raise in place of the alarm's own: a watched unit's door seal opened raises the community's
    /// key-person incident. Nil: an incident of type `alarm`.
    public var incidentInstead: Incident?

    public init(device: String, deviceName: String, kind: String, time: Date, latitude: Double?, longitude: Double?,
                description: String?, severity: Severity, cameraId: String, snapshotPath: String? = nil) {
        (self.device, self.deviceName, self.kind, self.time) = (device, deviceName, kind, time)
        (self.latitude, self.longitude, self.description, self.severity) = (latitude, longitude, description, severity)
        (self.cameraId, self.snapshotPath) = (cameraId, snapshotPath)
    }
}

extension AlarmReport {
    /// The alarm's sighting, at its camera: the device's id as its label, where and when it went off, its kind and
    /// words as details. Both stores write this row.
    public var sighting: Sighting {
        let details = (try? JSONEncoder().encode(["kind": kind, "description": description ?? ""])).map { String(decoding: $0, as: UTF8.self) }
        var sighting = Sighting(cameraId: cameraId, kind: .alarm, label: device, firstSeen: time, lastSeen: time, bestTime: time,
                                mediaOffset: 0, box: (0, 0, 0, 0), confidence: 1, frames: 1)
        (sighting.snapshotPath, sighting.details) = (snapshotPath, details)
        (sighting.latitude, sighting.longitude) = (latitude, longitude)
        return sighting
    }

    /// The alarm's incident, at the device's position (or the one it raises instead).
    public var incident: Incident {
        if let incidentInstead { return incidentInstead }
        var incident = Incident(cameraId: cameraId, kind: .alarm, subject: deviceName, watchlist: nil, reason: description ?? kind,
                                severity: severity, latitude: latitude, longitude: longitude, createdAt: time)
        incident.type = .alarm
        return incident
    }
}

/// What recording an alarm did: a new incident, or the one an earlier report of the same alarm (same device, same
/// time) raised — a replay, which raises nothing.
public enum AlarmOutcome: Sendable, Equatable {
    case raised(Incident)
    case replayed(Incident)
}

/// Device alarms, as the API and the GB/T 28181 platform hand them in.
public protocol AlarmStore: Sendable {
    func raiseAlarm(_ report: AlarmReport) async throws -> AlarmOutcome
}

extension IncidentStore {
    /// Records `report` (see `AlarmReport`), or finds the incident the same alarm already raised.
    public func raiseAlarm(_ report: AlarmReport) throws -> AlarmOutcome {
        try write { db in
            if let earlier = try Sighting.filter(Column("kind") == Sighting.Kind.alarm.rawValue && Column("label") == report.device
                                                 && Column("firstSeen") == report.time).fetchOne(db),
               let incident = try earlier.incidentId.flatMap({ try Incident.fetchOne(db, key: $0) }) {
                return .replayed(incident)
            }
            var sighting = report.sighting
            try sighting.insert(db)
            let incident = try insertNew(report.incident, for: sighting, db)
            sighting.incidentId = incident.id
            try sighting.update(db)
            return .raised(incident)
        }
    }
}

extension SQLiteStore: AlarmStore {
    public func raiseAlarm(_ report: AlarmReport) async throws -> AlarmOutcome {
        try await writing { try $0.raiseAlarm(report) }
    }
}
