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

    /// A time to the millisecond, as the SQLite store keeps it (see `Date.storedMillisecond`).
    func time(_ column: String) throws -> Date { try value(column, as: Date.self).storedMillisecond }

    func time(_ column: String) throws -> Date? { try value(column, as: Date?.self)?.storedMillisecond }

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
            firstSeen: try time("firstSeen"), lastSeen: try time("lastSeen"), bestTime: try time("bestTime"),
            mediaOffset: try value("mediaOffset"),
            box: (try value("boxX"), try value("boxY"), try value("boxWidth"), try value("boxHeight")),
            confidence: try value("confidence"), frames: try value("frames"), snapshotPath: try value("snapshotPath"),
            cropPath: try value("cropPath"), details: try value("details"),
            position: latitude.flatMap { latitude in longitude.map { (latitude, $0) } })
        sighting.id = try value("id")
        sighting.incidentId = try value("incidentId")
        return sighting
    }

    func camera() throws -> Camera {
        Camera(id: try value("id"), name: try value("name"), kind: try enumValue("kind"), url: try value("url"),
               latitude: try value("latitude"), longitude: try value("longitude"), grid: try value("grid"),
               createdAt: try time("createdAt"))
    }

    func incident() throws -> Incident {
        var incident = Incident(
            sightingId: try value("sightingId"), cameraId: try value("cameraId"), kind: try enumValue("kind"),
            subject: try value("subject"), watchlist: try value("watchlist"), reason: try value("reason"),
            severity: try enumValue("severity"), status: try enumValue("status"), latitude: try value("latitude"),
            longitude: try value("longitude"), createdAt: try time("createdAt"))
        incident.id = try value("id")
        incident.lastSeenAt = try time("lastSeenAt")
        incident.sightings = try value("sightings")
        incident.type = try enumValue("type")
        incident.pairedSightingId = try value("pairedSightingId")
        return incident
    }

    func identity() throws -> WatchlistIdentity {
        var identity = WatchlistIdentity(name: try value("name"), list: try value("list"), severity: try enumValue("severity"),
                                         reason: try value("reason"), createdAt: try time("createdAt"))
        identity.id = try value("id")
        return identity
    }

    func faceSample() throws -> FaceSample {
        var sample = FaceSample(identityId: try value("identityId"), embedding: try value("embedding"),
                                photo: try value("photo"), createdAt: try time("createdAt"))
        sample.id = try value("id")
        return sample
    }

    func plate() throws -> WatchlistPlate {
        var plate = WatchlistPlate(pattern: try value("pattern"), list: try value("list"), reason: try value("reason"),
                                   severity: try enumValue("severity"), createdAt: try time("createdAt"))
        plate.id = try value("id")
        return plate
    }

    func token() throws -> APIToken {
        var token = APIToken(name: try value("name"), role: try value("role"), grid: try value("grid"),
                             force: try value("force"), secretHash: try value("secretHash"), createdAt: try time("createdAt"))
        token.id = try value("id")
        token.revokedAt = try time("revokedAt")
        return token
    }

    func auditEntry() throws -> AuditEntry {
        var entry = AuditEntry(at: try time("at"), tokenId: try value("tokenId"), actor: try value("actor"),
                               role: try value("role"), method: try value("method"), route: try value("route"),
                               filters: try value("filters"), rows: try value("rows"), status: try value("status"))
        entry.id = try value("id")
        return entry
    }

    func feedEvent() throws -> FeedEvent {
        FeedEvent(try value("id"), type: try enumValue("type"), incidentId: try value("incidentId"),
                  orderId: try value("orderId"), transitionId: try value("transitionId"), at: try time("at"))
    }
}

/// The UTC Gregorian calendar both back ends turn a stored time into a `Date` with.
private let utcCalendar: Calendar = {
    var calendar = Calendar(identifier: .gregorian)
    calendar.locale = Locale(identifier: "en_US_POSIX")
    calendar.timeZone = TimeZone(secondsFromGMT: 0)!
    return calendar
}()

extension Date {
    /// This time as the SQLite store gives it back: rounded to the millisecond (what it stores), and made from
    /// calendar components as GRDB parses its stored text, so both back ends return equal `Date`s
    /// (`Date(timeIntervalSince1970: ms / 1000)` differs from GRDB's in the last bit, and PostgresNIO truncates
    /// microseconds when it encodes, so a written millisecond can come back 1 µs short).
    var storedMillisecond: Date {
        let milliseconds = (timeIntervalSince1970 * 1000).rounded()
        let seconds = (milliseconds / 1000).rounded(.down)
        var components = utcCalendar.dateComponents([.year, .month, .day, .hour, .minute, .second],
                                                    from: Date(timeIntervalSince1970: seconds))
        components.nanosecond = Int(milliseconds - seconds * 1000) * 1_000_000
        return utcCalendar.date(from: components) ?? self
    }
}
