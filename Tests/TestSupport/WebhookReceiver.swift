public import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A real HTTP server on loopback that plays a dispatch receiver: it records every request and answers
/// as told (accept, fail with a status, or never answer).
public final class WebhookReceiver: @unchecked Sendable {
    public enum Mode: Sendable { case accept, fail(Int), hang }

    public struct Request: Sendable {
        public let path: String
        public let headers: [String: String]
        public let body: Data
    }

    private let lock = NSLock()
    private var requests: [Request] = []
    private var currentMode: Mode
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private var channel: (any Channel)?
    public private(set) var port: Int

    /// Listens on 127.0.0.1:`port` (0 picks a free port).
    public init(port: Int = 0, mode: Mode = .accept) throws {
        currentMode = mode
        self.port = port
        try start()
    }

    private func start() throws {
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(Handler(receiver: self))
                }
            }
        let channel = try bootstrap.bind(host: "127.0.0.1", port: port).wait()
        self.channel = channel
        port = channel.localAddress?.port ?? port
    }

    public var mode: Mode {
        get { lock.withLock { currentMode } }
        set { lock.withLock { currentMode = newValue } }
    }

    public var received: [Request] { lock.withLock { requests } }

    /// Idempotency keys seen, each once: what a receiver that drops duplicates has acted on.
    public var uniqueKeys: Set<String> { Set(received.compactMap { $0.headers["idempotency-key"] }) }

    fileprivate func record(_ request: Request) -> Mode {
        lock.withLock {
            requests.append(request)
            return currentMode
        }
    }

    /// Closes the listening socket (and open connections): the receiver is down until `restart()`.
    public func stop() {
        try? channel?.close().wait()
        channel = nil
    }

    public func restart() throws {
        stop()
        try start()
    }

    deinit {
        try? channel?.close().wait()
        try? group.syncShutdownGracefully()
    }

    private final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        // Weak: the receiver must be released (and its event loops shut down) by the test, never on an event loop.
        private weak var receiver: WebhookReceiver?
        private var head: HTTPRequestHead?
        private var body = Data()

        init(receiver: WebhookReceiver) { self.receiver = receiver }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                body = Data()
            case .body(var buffer):
                body.append(contentsOf: buffer.readBytes(length: buffer.readableBytes) ?? [])
            case .end:
                guard let head, let receiver else { return }
                let headers = Dictionary(head.headers.map { ($0.name.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
                let status: Int
                switch receiver.record(Request(path: head.uri, headers: headers, body: body)) {
                case .hang: return
                case .accept: status = 200
                case .fail(let code): status = code
                }
                var headersOut = HTTPHeaders()
                headersOut.add(name: "Content-Length", value: "0")
                let response = HTTPResponseHead(version: head.version, status: HTTPResponseStatus(statusCode: status), headers: headersOut)
                context.write(wrapOutboundOut(.head(response)), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
        }
    }
}
