public import Media

/// How the platform presents itself to devices and where it receives their video.
public struct PlatformSettings: Sendable {
    /// The platform's 20-digit SIP ID, as configured on the devices ("SIP server ID").
    public var id: String
    /// The SIP domain (the first 10 digits of the ID by custom), also the digest realm.
    public var domain: String
    /// Where SIP is received, by UDP and TCP on the same port.
    public var host: String
    public var port: Int
    /// The address devices send video to, written into the INVITE's SDP.
    public var mediaAddress: String
    /// Where the RTP sockets bind (0.0.0.0 for every interface).
    public var mediaBindHost: String
    public var rtpPorts: ClosedRange<Int>
    /// How the video is asked for: RTP over UDP, or over TCP with the device connecting to us ("TCP passive").
    public var mediaTransport: RTPReceiver.Transport
    /// The keepalive interval the devices are configured with; a device is offline after three missed intervals.
    public var keepaliveInterval: Double
    /// Registration expiry given to devices that ask for none.
    public var defaultExpires = 3600
    /// The password of a device by ID; nil refuses it (403).
    public var password: @Sendable (String) -> String?

    public init(id: String, domain: String, host: String, port: Int, mediaAddress: String, mediaBindHost: String = "0.0.0.0",
                rtpPorts: ClosedRange<Int>, mediaTransport: RTPReceiver.Transport = .udp, keepaliveInterval: Double = 60,
                password: @escaping @Sendable (String) -> String?) {
        self.id = id
        self.domain = domain
        self.host = host
        self.port = port
        self.mediaAddress = mediaAddress
        self.mediaBindHost = mediaBindHost
        self.rtpPorts = rtpPorts
        self.mediaTransport = mediaTransport
        self.keepaliveInterval = keepaliveInterval
        self.password = password
    }

    /// A device is offline once it has been silent (no keepalive, no registration) this long.
    public var offlineAfter: Double { 3 * keepaliveInterval }
}
