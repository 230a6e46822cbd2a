import Media
public import Foundation
public import Logging
import NIOCore
import Synchronization
import Toolkit

/// The platform side of GB/T 28181: devices register to it (digest authentication), keep alive, report their
/// channels in a Catalog, and send video when it INVITEs them.
///
/// Messages arrive from `SIPServer` (UDP and TCP) through `receive(_:from:)`; requests the platform sends (Catalog
/// queries, INVITE, BYE) go back over the path the device registered on. A device silent for three keepalive
/// intervals, or past its registration's expiry, is offline; its streams end, and it is asked for its Catalog
/// again when it registers again.
public final class SIPPlatform: Sendable {
    public let settings: PlatformSettings
    let logger: Logger
    let state = Mutex(State())
    /// Called when a device's Catalog is complete (after every registration): the device ID and its channels.
    let onCatalog: @Sendable (SIPPlatform, String, [DeviceStatus.ChannelInfo]) -> Void
    /// Each alarm a registered device reports, after the platform answered it.
    let onAlarm: @Sendable (SIPPlatform, DeviceAlarm) -> Void

    struct Device {
        var peer: Peer
        var registrationCallID: String?
        var registeredAt: Date
        var lastSeen: Date
        var lastKeepalive: Date?
        var expires: Int
        var online: Bool
        var channels: [DeviceStatus.ChannelInfo] = []
        /// The Catalog query under way; answers for any other SN are dropped.
        var catalogQuery: CatalogQuery?
    }

    /// One Catalog query and the answers collected so far (a device splits a long list over several MESSAGEs).
    struct CatalogQuery {
        let sn: Int
        let sentAt: Date
        /// Every item ID received, valid or not, so that retransmitted answers count once towards SumNum.
        var seen: Set<String> = []
        var items: [MANSCDPMessage.Item] = []
        var total: Int?
    }

    /// Items one device may report: a bound on what a device (or someone posing as one) can make the platform hold.
    static let catalogLimit = 4096
    /// A Catalog whose answers have not all come by then is dropped; the device is asked again when it registers.
    static let catalogTimeout: TimeInterval = 30

    /// A challenge's nonce: when it was issued, and the highest `nc` a verified answer has used it with (0: unused).
    struct Nonce {
        let issued: Date
        var lastCount = 0
    }

    /// A request waiting for its final response, and the path that response must come back on.
    struct Transaction {
        let promise: EventLoopPromise<SIPMessage>
        let peer: Peer
    }

    struct State {
        var devices: [String: Device] = [:]
        var nonces: [String: Nonce] = [:]
        var transactions: [String: Transaction] = [:]
        var sessions: [String: Session] = [:]
        /// Call-IDs of INVITEs sent and not yet answered or turned into a session.
        var invitesUnderWay: Set<String> = []
        var counters = PlatformCounters()
        var sequence = 1
        var ssrcIndex = 0
    }

    public init(settings: PlatformSettings, logger: Logger,
                onCatalog: @escaping @Sendable (SIPPlatform, String, [DeviceStatus.ChannelInfo]) -> Void = { _, _, _ in },
                onAlarm: @escaping @Sendable (SIPPlatform, DeviceAlarm) -> Void = { _, _ in }) {
        self.settings = settings
        self.logger = logger
        self.onCatalog = onCatalog
        self.onAlarm = onAlarm
    }

    /// Handles one message from a device.
    public func receive(_ message: SIPMessage, from peer: Peer) {
        switch message.startLine {
        case .response: resolve(message, from: peer)
        case .request(let method, _):
            switch method {
            case "REGISTER": register(message, from: peer)
            case "MESSAGE": notify(message, from: peer)
            case "BYE": bye(message, from: peer)
            case "ACK": break
            case "OPTIONS": peer.send(message.response(200, "OK"))
            default: peer.send(message.response(405, "Method Not Allowed"))
            }
        }
    }

    /// Bytes that were not a message: a request is answered with the error's status when it can be told apart,
    /// and every one is counted.
    public func refuse(_ error: SIPParseError, from peer: Peer) {
        state.withLock { $0.counters.malformed[error.kind.rawValue, default: 0] += 1 }
        logger.warning("malformed SIP from \(peer.hostPort): \(error)")
    }

    /// A TCP connection closed as it came, because the server holds as many as it takes.
    func refuseConnection() {
        state.withLock { $0.counters.refusedConnections += 1 }
    }

    /// The devices known, online or not, sorted by ID.
    public var devices: [DeviceStatus] {
        state.withLock { state in
            state.devices.sorted { $0.key < $1.key }.map { id, device in
                DeviceStatus(id: id, online: device.online, transport: device.peer.transport.rawValue,
                             address: device.peer.hostPort, registeredAt: device.registeredAt,
                             lastKeepalive: device.lastKeepalive, expires: device.expires, channels: device.channels)
            }
        }
    }

    public var counters: PlatformCounters { state.withLock { $0.counters } }

    /// Whether `peer` is the path some device registered (and authenticated) on.
    func isRegisteredPath(_ peer: Peer) -> Bool {
        state.withLock { $0.devices.values.contains { $0.peer.isSame(as: peer) } }
    }

    /// Marks devices offline that have been silent for three keepalive intervals or whose registration expired;
    /// their streams end. Called periodically by the server.
    public func checkLiveness(now: Date = Date()) {
        let lost: [(String, String, [Session])] = state.withLock { state in
            for (id, device) in state.devices {
                if let query = device.catalogQuery, now.timeIntervalSince(query.sentAt) > Self.catalogTimeout {
                    state.devices[id]?.catalogQuery = nil
                }
            }
            let devices = state.devices
            return devices.compactMap { id, device -> (String, String, [Session])? in
                guard device.online else { return nil }
                let reason = now.timeIntervalSince(device.lastSeen) > settings.offlineAfter
                    ? "no keepalive for \(settings.offlineAfter) s"
                    : now.timeIntervalSince(device.registeredAt) > Double(device.expires) ? "its registration expired" : nil
                return reason.map { (id, $0, Self.takeOffline(id, in: &state)) }
            }
        }
        for (id, reason, sessions) in lost { wentOffline(id, reason: reason, sessions: sessions) }
    }

    /// A TCP connection closed: a device registered over it can no longer be reached, so it is offline at once and
    /// its streams end (a device connects and registers again).
    func connectionClosed(_ peer: Peer) {
        let lost: [(String, [Session])] = state.withLock { state in
            let devices = state.devices
            return devices.compactMap { id, device -> (String, [Session])? in
                guard device.online, device.peer.isSame(as: peer) else { return nil }
                return (id, Self.takeOffline(id, in: &state))
            }
        }
        for (id, sessions) in lost { wentOffline(id, reason: "its SIP connection closed", sessions: sessions) }
    }

    /// Marks a device offline and takes its dialogs, which the caller ends.
    static func takeOffline(_ id: String, in state: inout State) -> [Session] {
        state.devices[id]?.online = false
        let sessions = state.sessions.values.filter { $0.deviceID == id }
        for session in sessions { state.sessions[session.callID] = nil }
        return sessions
    }

    /// The streams of a device gone offline end at once: their sources see the end of the stream within a read's
    /// wait, not after the read timeout.
    private func wentOffline(_ id: String, reason: String, sessions: [Session]) {
        logger.warning("GB28181 device \(id) is offline (\(reason))")
        for session in sessions { session.receiver.finish() }
    }

    /// Ends every dialog still open with a BYE and waits, at most `limit`, for the devices to answer them: at
    /// shutdown, after the cameras stopped and before the SIP sockets close, so that the BYEs leave.
    public func hangUpAll(within limit: Duration) async {
        let open = state.withLock { Array($0.sessions.values) }
        for session in open { session.receiver.close() }
        _ = await Periodic(every: .milliseconds(20)).poll(within: limit) {
            !state.withLock { state in state.transactions.keys.contains { $0.hasSuffix(" BYE") } }
        }
    }

    /// A fresh tag, branch or Call-ID part.
    static func token() -> String { String(UInt64.random(in: 0...UInt64.max), radix: 16) }

    func nextSequence() -> Int { state.withLock { state in defer { state.sequence += 1 }; return state.sequence } }

    /// The device ID in a From or To header (`<sip:34020000001320000001@3402000000>;tag=…`).
    static func user(in header: String?) -> String? {
        guard let header, let start = header.range(of: "sip:") else { return nil }
        let rest = header[start.upperBound...]
        let user = rest.prefix { $0 != "@" && $0 != ">" && $0 != ";" && $0 != ":" }
        return user.isEmpty ? nil : String(user)
    }
}
