import Communities
import Foundation
import Incidents
import Logging
import Recognition
import Severities

/// Where a gate camera (`mode: access`) writes its passes: each one goes through its community's gate rules and is
/// stored as a sighting with its access record, and, when a rule says so, an incident (dispatched by the rules like
/// any other, in the same transaction). Faces are never matched against the watchlists here, and a resident's name
/// is never a sighting's label: the register's decisions live in the access log, which only the community's own
/// role and admins read.
struct GatePassStore: PassStore, KeepsVideo {
    let gate: CommunityGate
    let camera: Camera
    let store: any CommunityStore
    /// Saves the camera row its sightings refer to.
    let saveCamera: @Sendable (Camera) async throws -> Void
    /// The camera keeps unknown faces searchable by photo (`store_unknown_faces`): strangers' embeddings are stored.
    let keepsStrangersFaces: Bool
    /// Where the gate's clips and recording segments go: the SQLite store (nil on PostgreSQL, which keeps no video).
    var videoStore: IncidentStore? = nil
    let logger: Logger

    func save(_ camera: Camera) async throws { try await saveCamera(camera) }

    func record(_ sighting: Sighting, incident _: Incident?, faceEmbedding: [UInt8]?, repeatWindow _: TimeInterval,
                raisedAt: Date?) async throws -> (Sighting, Incident?, isNew: Bool) {
        var sighting = sighting
        guard let subject = Self.subject(of: sighting, faceEmbedding: faceEmbedding) else {
            // A face without an embedding or a plate without a reading: the register cannot decide, so the passage is
            // logged as a stranger's, and no rule sees it.
            sighting.label = sighting.kind == .plate ? sighting.label : nil
            let entry = AccessLogEntry(community: gate.community.id, cameraId: camera.id, at: sighting.bestTime,
                                       direction: gate.community.directions[camera.id]?.rawValue, kind: sighting.kind, outcome: .stranger)
            let stored = try await store.recordPassage(entry, sighting: sighting, incident: nil, faceEmbedding: nil)
            return (stored.sighting, nil, false)
        }
        if sighting.kind == .face { sighting.label = nil }
        let key = "\(camera.id) \(sighting.kind.rawValue) \(sighting.firstSeen.timeIntervalSince1970) \(sighting.bestTime.timeIntervalSince1970)"
        let (record, alert) = gate.observe(Passage(gate: camera.id, time: sighting.bestTime, subject: subject,
                                                           direction: gate.community.directions[camera.id]), key: key)
        var entry = Self.entry(for: record, community: gate.community.id, camera: camera.id, kind: sighting.kind,
                               plate: sighting.kind == .plate ? sighting.label : nil)
        entry.rule = alert?.rule.rawValue
        let raised = alert.map { incident(for: $0, sighting: sighting, raisedAt: raisedAt ?? Date()) }
        let keptFace = keepsStrangersFaces && entry.outcome == .stranger ? faceEmbedding : nil
        let stored = try await store.recordPassage(entry, sighting: sighting, incident: raised, faceEmbedding: keptFace)
        if let alert {
            logger.notice("community \(gate.community.id): \(alert.rule.rawValue) at gate \(camera.id), incident \(stored.incident?.id ?? 0)")
        }
        return (stored.sighting, stored.incident, stored.incident != nil)
    }

    private static func subject(of sighting: Sighting, faceEmbedding: [UInt8]?) -> Passage.Subject? {
        switch sighting.kind {
        case .face: faceEmbedding.flatMap(FaceEmbedding.init(bytes:)).map { .face($0) }
        case .plate: sighting.label.map { .plate($0) }
        default: nil
        }
    }

    /// The access log's row for a gate's decision: a registered vehicle counts as its unit's resident.
    static func entry(for record: AccessRecord, community: String, camera: String, kind: Sighting.Kind,
                      plate: String?) -> AccessLogEntry {
        var entry = AccessLogEntry(community: community, cameraId: camera, at: record.time, direction: record.direction?.rawValue,
                                   kind: kind, outcome: .stranger, plate: plate)
        switch record.identity {
        case .resident(let resident, _, _): (entry.outcome, entry.residentId) = (.resident, resident.id)
        case .visitor(let pass, _): (entry.outcome, entry.passId) = (.visitor, pass.id)
        case .vehicle: entry.outcome = .resident
        case .stranger, .unregisteredVehicle: break
        }
        return entry
    }

    /// The alert's incident (see `ServeConfig.Community.incident`), at the gate's position.
    private func incident(for alert: GateAlert, sighting: Sighting, raisedAt: Date) -> Incident {
        let subject = alert.resident.map(\.named) ?? (sighting.kind == .plate ? sighting.label ?? "vehicle" : "unknown person")
        return gate.community.incident(alert.rule, subject: subject, camera: camera.id, kind: sighting.kind,
                                       place: camera.coordinate, at: raisedAt)
    }
}

extension ServeConfig.Community {
    /// A gate rule's incident, for the community's forces: of type `gate_rule`, its `watchlist` the rule's name (what
    /// dispatch rules match, `when: {watchlist: [stranger_at_two_gates]}`), at `place` (else the community's). Its
    /// subject names a key person for the police-audience views only: community forces get the redacted view (no
    /// identity, list or reason), as for any incident. A gate's passage and a sealed door's opening both raise it.
    /// - Parameter reason: what happened, when not the rule's own description.
    func incident(_ rule: GateAlert.Rule, subject: String, reason: String? = nil, camera: String, kind: Sighting.Kind,
                  place: Coordinate?, at time: Date) -> Incident {
        let place = place ?? self.place
        var incident = Incident(cameraId: camera, kind: kind, subject: subject, watchlist: rule.rawValue,
                                reason: "\(name): \(reason ?? rule.description)", severity: rule.severity,
                                latitude: place?.latitude, longitude: place?.longitude, createdAt: time)
        incident.type = .gateRule
        return incident
    }
}

extension Resident {
    /// `name (unit)`: how a key person is named to the grid worker.
    var named: String { "\(name) (\(unit))" }
}

extension GateAlert.Rule {
    var severity: Severity {
        switch self {
        case .keyPersonLeft: .high
        case .strangerAtTwoGates, .vehicleAtNight: .medium
        case .passNotValid: .low
        }
    }

    var description: String {
        switch self {
        case .strangerAtTwoGates: "one unknown person at two gates within the hour"
        case .vehicleAtNight: "an unregistered vehicle entering at night"
        case .passNotValid: "a visitor's pass used outside its validity"
        case .keyPersonLeft: "a resident under watch at a gate"
        }
    }
}

extension ServeConfig.Community {
    /// Where its alerts are placed when the gate camera has no position: the middle of its polygon.
    var place: Coordinate? {
        guard let polygon, !polygon.isEmpty else { return nil }
        let longitude = polygon.map { $0[0] }.reduce(0, +) / Double(polygon.count)
        let latitude = polygon.map { $0[1] }.reduce(0, +) / Double(polygon.count)
        return Coordinate(latitude: latitude, longitude: longitude)
    }
}

/// A shared pass store whose camera's video (incident clips, recording segments) is still kept on the SQLite store,
/// as a camera writing there directly keeps it: a gate's incidents get clips like any other.
protocol KeepsVideo {
    var videoStore: IncidentStore? { get }
}
