import Foundation
import Incidents
import PostgresNIO
import Severities

/// A stored text that is not one of the enum's values (a row written by a newer release, or by hand).
struct UnknownValue: Error, CustomStringConvertible {
    let column: String
    let text: String
    var description: String { "column \(column) holds '\(text)', which this release does not know" }
}

extension PostgresRandomAccessRow {
    func value<Value: PostgresDecodable>(_ column: String, as type: Value.Type = Value.self) throws -> Value {
        try self[column].decode(Value.self)
    }

    func enumValue<Value: RawRepresentable>(_ column: String, as type: Value.Type = Value.self) throws -> Value
    where Value.RawValue == String {
        let text = try value(column, as: String.self)
        guard let parsed = Value(rawValue: text) else { throw UnknownValue(column: column, text: text) }
        return parsed
    }

    func sighting() throws -> Sighting {
        let latitude = try value("latitude", as: Double?.self), longitude = try value("longitude", as: Double?.self)
        var sighting = Sighting(
            cameraId: try value("cameraId"), kind: try enumValue("kind"), label: try value("label"),
            firstSeen: try value("firstSeen"), lastSeen: try value("lastSeen"), bestTime: try value("bestTime"),
            mediaOffset: try value("mediaOffset"),
            box: (try value("boxX"), try value("boxY"), try value("boxWidth"), try value("boxHeight")),
            confidence: try value("confidence"), frames: try value("frames"), snapshotPath: try value("snapshotPath"),
            cropPath: try value("cropPath"), details: try value("details"),
            position: latitude.flatMap { latitude in longitude.map { (latitude, $0) } })
        sighting.id = try value("id")
        sighting.incidentId = try value("incidentId")
        return sighting
    }

    func incident() throws -> Incident {
        var incident = Incident(
            sightingId: try value("sightingId"), cameraId: try value("cameraId"), kind: try enumValue("kind"),
            subject: try value("subject"), watchlist: try value("watchlist"), reason: try value("reason"),
            severity: try enumValue("severity"), status: try enumValue("status"), latitude: try value("latitude"),
            longitude: try value("longitude"), createdAt: try value("createdAt"))
        incident.id = try value("id")
        incident.lastSeenAt = try value("lastSeenAt")
        incident.sightings = try value("sightings")
        incident.type = try enumValue("type")
        incident.pairedSightingId = try value("pairedSightingId")
        return incident
    }

    func identity() throws -> WatchlistIdentity {
        var identity = WatchlistIdentity(name: try value("name"), list: try value("list"), severity: try enumValue("severity"),
                                         reason: try value("reason"), createdAt: try value("createdAt"))
        identity.id = try value("id")
        return identity
    }

    func faceSample() throws -> FaceSample {
        var sample = FaceSample(identityId: try value("identityId"), embedding: try value("embedding"),
                                photo: try value("photo"), createdAt: try value("createdAt"))
        sample.id = try value("id")
        return sample
    }

    func plate() throws -> WatchlistPlate {
        var plate = WatchlistPlate(pattern: try value("pattern"), list: try value("list"), reason: try value("reason"),
                                   severity: try enumValue("severity"), createdAt: try value("createdAt"))
        plate.id = try value("id")
        return plate
    }

    func token() throws -> APIToken {
        var token = APIToken(name: try value("name"), role: try value("role"), grid: try value("grid"),
                             force: try value("force"), secretHash: try value("secretHash"), createdAt: try value("createdAt"))
        token.id = try value("id")
        token.revokedAt = try value("revokedAt")
        return token
    }

    func auditEntry() throws -> AuditEntry {
        var entry = AuditEntry(at: try value("at"), tokenId: try value("tokenId"), actor: try value("actor"),
                               role: try value("role"), method: try value("method"), route: try value("route"),
                               filters: try value("filters"), rows: try value("rows"), status: try value("status"))
        entry.id = try value("id")
        return entry
    }

    func feedEvent() throws -> FeedEvent {
        FeedEvent(try value("id"), type: try enumValue("type"), incidentId: try value("incidentId"),
                  orderId: try value("orderId"), transitionId: try value("transitionId"), at: try value("at"))
    }
}
