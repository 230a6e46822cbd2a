public import Foundation
public import Incidents
public import Severities

/// The alert a unit receives, shaped after DeepStream's message schema (sensor / place / object / event),
/// plus the order and how to acknowledge it.
public struct Payload: Codable, Sendable, Equatable {
    public struct Location: Codable, Sendable, Equatable {
        public var lat: Double
        public var lon: Double
    }

    public struct Sensor: Codable, Sendable, Equatable {
        public var id: String
        public var type: String
        public var location: Location?
    }

    public struct Place: Codable, Sendable, Equatable {
        public var grid: String?
        public var gridName: String?
    }

    public struct Object: Codable, Sendable, Equatable {
        /// The plate to look for (shown to every force): the listed plate, or the plate as read when the list
        /// entry is a wildcard pattern.
        public var plate: String?
        /// The plate as the camera read it (it may differ from the listed plate by OCR confusions such as 0/Q).
        public var plateRead: String?
        /// The person's name: police only.
        public var identity: String?
    }

    public struct Event: Codable, Sendable, Equatable {
        public var id: Int64
        public var type: String
        public var kind: String
        public var severity: Severity
        /// When the incident was raised (committed).
        public var time: Date
        /// The watchlist and why the subject is on it: police only.
        public var watchlist: String?
        public var reason: String?
        /// When the subject was last seen (the end of the sighting that raised or joined the incident): a unit sent
        /// after an alert that went out late knows how old the trail is.
        public var seenAt: Date? = nil
    }

    public struct Order: Codable, Sendable, Equatable {
        public var id: String
        public var forceId: String
        public var tier: Int
        public var acknowledgeUrl: String
        public var acknowledgeWithinSeconds: Double
    }

    public var messageId: String
    /// The order id: receivers drop a message whose key they have already handled.
    public var idempotencyKey: String
    public var version = "1.0"
    public var timestamp: Date
    public var audience: Audience
    public var sensor: Sensor
    public var place: Place
    public var object: Object
    public var event: Event
    public var snapshot: String?
    /// The face crop: police only.
    public var faceCrop: String?
    public var order: Order

    /// The payload `audience` may see (through `Audience.redact`, shared with the history API).
    public func redacted(for audience: Audience) -> Payload {
        var copy = audience.redact(self)
        copy.audience = audience == .community ? .community : self.audience
        return copy
    }

    public func encoded() throws -> Data { try JSONDialect.encoder().encode(self) }

    public static func decode(_ data: Data) throws -> Payload { try JSONDialect.decoder().decode(Payload.self, from: data) }
}

extension Payload: Redactable {
    public var identity: String? {
        get { object.identity }
        set { object.identity = newValue }
    }

    public var watchlist: String? {
        get { event.watchlist }
        set { event.watchlist = newValue }
    }

    public var reason: String? {
        get { event.reason }
        set { event.reason = newValue }
    }
}
