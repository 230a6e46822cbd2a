public import Foundation

/// A registered device as the platform knows it: what `sharpeyes status` and `/api/gb28181/devices` show.
public struct DeviceStatus: Sendable, Codable, Equatable {
    public var id: String
    public var online: Bool
    /// "udp" or "tcp": how the device registered, and how requests reach it.
    public var transport: String
    /// The device's signalling address as seen by the platform (ip:port).
    public var address: String
    public var registeredAt: Date?
    public var lastKeepalive: Date?
    public var expires: Int
    public var channels: [ChannelInfo]

    public struct ChannelInfo: Sendable, Codable, Equatable {
        /// 20 digits: channels with any other ID are dropped from the Catalog (it names folders and SIP URIs).
        public var id: String
        /// As the Catalog gave it, decoded from GB18030.
        public var name: String
        public var status: String?
    }
}

/// What the platform counts of what it refused or dropped, so that misbehaving devices show.
public struct PlatformCounters: Sendable, Codable, Equatable {
    /// Messages that could not be parsed, by `SIPParseError.Kind`.
    public var malformed: [String: Int] = [:]
    /// MANSCDP bodies that could not be read (bad XML, not GB18030).
    public var badBodies = 0
    /// Registrations refused with 403 (wrong password, unknown device).
    public var refused = 0
    /// Requests whose From is not a 20-digit device ID, answered 400.
    public var badDeviceIDs = 0
    /// Catalog items whose channel ID is not 20 digits, left out of the channels.
    public var badChannelIDs = 0
    /// MESSAGEs and BYEs for a registered device from another address or connection than it registered on,
    /// answered 403.
    public var foreignMessages = 0
    /// Responses from another path than their request went out on (or a 2xx to an INVITE from no registered
    /// device), dropped.
    public var foreignResponses = 0
    /// Catalog answers dropped: for an SN the platform did not ask for (or no longer waits for), or over the
    /// item limit.
    public var unsolicitedCatalogs = 0
    /// TCP connections closed as they were accepted, over `SIPServer.connectionLimit`.
    public var refusedConnections = 0
    /// Correct digest answers sent again with a nonce and nc already used (a replayed REGISTER), challenged anew.
    public var replays = 0
    public var registrations = 0
    public var keepalives = 0
    /// Alarm notifications received from registered devices.
    public var alarms = 0
    public var invites = 0
    /// 2xx answers to INVITEs the platform had given up on, ACKed and ended with BYE.
    public var lateAnswers = 0
}
