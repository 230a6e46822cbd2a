public import Logging
import NIOCore
import NIOPosix
public import ServiceLifecycle
import Synchronization

/// Listens for SIP on one port by UDP and TCP and hands each message to the platform; a service of `serve`.
///
/// Malformed messages never end the server: a datagram that is not SIP is counted and answered 400 (413 when too
/// large) when its start line shows a request; a TCP stream that cannot be framed any more is answered and closed.
/// TCP connections are bounded in number and closed when silent, so idle connections cannot use up descriptors.
public final class SIPServer: Service, Sendable {
    public let platform: SIPPlatform
    private let logger: Logger
    /// TCP connections open at once; more are closed as they are accepted, and counted.
    public let connectionLimit: Int
    /// A TCP connection that sends nothing this long is closed; a registered device sends a keepalive every
    /// interval, so the default is the time after which it is offline anyway, with a margin.
    public let idleTimeout: Duration
    private let connections = ConnectionCount()

    public init(platform: SIPPlatform, logger: Logger, connectionLimit: Int = 1024, idleTimeout: Duration? = nil) {
        self.platform = platform
        self.logger = logger
        self.connectionLimit = connectionLimit
        self.idleTimeout = idleTimeout ?? .seconds(Int64(platform.settings.offlineAfter.rounded(.up)) + 30)
    }

    /// Serves until the service group shuts down or the task is cancelled.
    public func run() async throws {
        let listener = try await listen()
        // Returns at graceful shutdown; throws when the task is cancelled. Either way the sockets close, once the
        // dialogs still open are ended: `serve` stops this service after the cameras, whose BYEs go out first.
        try? await gracefulShutdown()
        await platform.hangUpAll(within: Self.byeWait)
        await listener.close()
    }

    /// How long shutdown waits for the devices to answer the last BYEs (over UDP one retransmission fits).
    static let byeWait: Duration = .seconds(2)

    /// The SIP UDP socket's receive buffer: a burst of requests (devices registering again after a network outage,
    /// or a flood) queues there while the event loop answers; the default of about 200 KiB held one in ten of
    /// 3,000 REGISTERs sent within 0.12 s. The kernel caps it at `net.core.rmem_max`.
    static let udpReceiveBuffer: SocketOptionValue = 8 << 20

    /// The bound sockets and the liveness timer of a running server.
    public struct Listener: Sendable {
        let udp: any Channel
        let tcp: any Channel
        let liveness: RepeatedTask

        public func close() async {
            liveness.cancel()
            try? await udp.close()
            try? await tcp.close()
        }
    }

    /// Binds UDP and TCP and starts checking device liveness; `run()` does this, tests call it directly.
    public func listen() async throws -> Listener {
        let group = MultiThreadedEventLoopGroup.singleton
        let platform = platform
        let settings = platform.settings
        let udp = try await DatagramBootstrap(group: group)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelOption(.socketOption(.so_rcvbuf), value: Self.udpReceiveBuffer)
            .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 65536))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(UDPHandler(platform: platform)) }
            }
            .bind(host: settings.host, port: settings.port).get()
        let (connections, limit, idle) = (connections, connectionLimit, TimeAmount(idleTimeout))
        let tcp = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                guard connections.open(limit: limit) else {
                    platform.refuseConnection()
                    // A failed initialiser makes the bootstrap close the connection.
                    return channel.eventLoop.makeFailedFuture(ChannelError.inappropriateOperationForState)
                }
                channel.closeFuture.whenComplete { _ in connections.close() }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: idle))
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SIPMessageDecoder()))
                    try channel.pipeline.syncOperations.addHandler(TCPHandler(platform: platform))
                }
            }
            .bind(host: settings.host, port: settings.port).get()
        logger.notice("GB28181 platform \(settings.id) listening on \(settings.host):\(settings.port) (UDP and TCP)")
        let liveness = udp.eventLoop.scheduleRepeatedTask(initialDelay: .milliseconds(500), delay: .milliseconds(500)) { _ in
            platform.checkLiveness()
        }
        return Listener(udp: udp, tcp: tcp, liveness: liveness)
    }
}

/// One datagram, one message.
private final class UDPHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    let platform: SIPPlatform

    init(platform: SIPPlatform) { self.platform = platform }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        let bytes = envelope.data.readableBytesView
        let peer = Peer(transport: .udp, address: envelope.remoteAddress, channel: context.channel)
        do {
            platform.receive(try SIPParser.parse(datagram: bytes), from: peer)
        } catch {
            platform.refuse(error, from: peer)
            if let head = SIPParser.bestEffortHead(bytes) { answer(error, to: head, peer: peer) }
        }
    }
}

/// A TCP connection's messages, framed by `SIPMessageDecoder` before this handler.
private final class TCPHandler: ChannelInboundHandler {
    typealias InboundIn = SIPMessage
    let platform: SIPPlatform
    /// The device's address, kept for when the connection has closed.
    private var address: SocketAddress?
    /// The stream failed to frame and was answered: the decoder's later errors (bytes that came after) are not.
    private var failed = false

    init(platform: SIPPlatform) { self.platform = platform }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let address = context.remoteAddress else { return }
        platform.receive(unwrapInboundIn(data), from: Peer(transport: .tcp, address: address, channel: context.channel))
    }

    /// The stream cannot be framed past this point: answer, and close the connection.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let error = error as? SIPStreamError, !failed, let address = context.remoteAddress {
            failed = true
            let peer = Peer(transport: .tcp, address: address, channel: context.channel)
            platform.refuse(error.error, from: peer)
            if let head = error.head { answer(error.error, to: head, peer: peer) }
        }
        context.close(promise: nil)
    }

    func channelActive(context: ChannelHandlerContext) {
        address = context.remoteAddress
        context.fireChannelActive()
    }

    /// A device registered over this connection is offline from now on, and its streams end.
    func channelInactive(context: ChannelHandlerContext) {
        if let address = address ?? context.remoteAddress {
            platform.connectionClosed(Peer(transport: .tcp, address: address, channel: context.channel))
        }
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent { return context.close(promise: nil) }
        context.fireUserInboundEventTriggered(event)
    }
}

/// The TCP connections open, shared by the accepting and the closing event loops.
private final class ConnectionCount: Sendable {
    private let count = Atomic(0)

    /// Takes a place if fewer than `limit` are taken.
    func open(limit: Int) -> Bool {
        var current = count.load(ordering: .relaxed)
        while current < limit {
            let (exchanged, original) = count.compareExchange(expected: current, desired: current + 1, ordering: .relaxed)
            if exchanged { return true }
            current = original
        }
        return false
    }

    func close() { count.subtract(1, ordering: .relaxed) }
}

/// Answers a message that failed to parse when enough of a request is there to address a response; drops the rest.
private func answer(_ error: SIPParseError, to request: SIPMessage, peer: Peer) {
    guard request.method != nil, request.method != "ACK", request.callID != nil, !request.values("Via").isEmpty else { return }
    let status = error.status
    peer.send(request.response(status.code, status.reason))
}
