public import NIOCore

/// Where a message came from and how to answer: the UDP socket and the sender's address, or the device's TCP
/// connection (over which, behind NAT, every later request to the device must go too).
public struct Peer: Sendable {
    public enum Transport: String, Sendable { case udp, tcp }

    public let transport: Transport
    public let address: SocketAddress
    let channel: any Channel

    public init(transport: Transport, address: SocketAddress, channel: any Channel) {
        self.transport = transport
        self.address = address
        self.channel = channel
    }

    func send(_ message: SIPMessage) {
        let buffer = channel.allocator.buffer(bytes: message.serialised)
        switch transport {
        case .udp: channel.writeAndFlush(AddressedEnvelope(remoteAddress: address, data: buffer), promise: nil)
        case .tcp: channel.writeAndFlush(buffer, promise: nil)
        }
    }

    /// The same path as `other`: over UDP the same address and port, over TCP the same connection. A device's
    /// MESSAGEs are taken only on the path it registered (and authenticated) on.
    func isSame(as other: Peer) -> Bool {
        guard transport == other.transport else { return false }
        switch transport {
        case .udp: return address == other.address
        case .tcp: return channel === other.channel
        }
    }

    /// "ip:port" as status shows it.
    var hostPort: String { "\(address.ipAddress ?? "?"):\(address.port ?? 0)" }
}
