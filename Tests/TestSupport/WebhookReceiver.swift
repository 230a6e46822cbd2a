public import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A real HTTP server on loopback that plays a dispatch receiver: it records every request and answers
/// as told (accept, fail with a status, or never answer), after a delay if asked, with 503 to a share of requests
/// if asked.
public final class WebhookReceiver: @unchecked Sendable {
    public enum Mode: Sendable { case accept, fail(Int), hang }

    public struct Request: Sendable {
        public let path: String
        public let headers: [String: String]
        public let body: Data
        /// When the request arrived.
        public let at: Date
        /// The status answered (after `delay`), nil when the receiver never answers.
        public let status: Int?

        public var idempotencyKey: String? { headers["idempotency-key"] }
        public var accepted: Bool { status.map { (200..<300).contains($0) } ?? false }
    }

    private let lock = NSLock()
    private var requests: [Request] = []
    private var currentMode: Mode
    private var currentDelay = 0.0
    private var currentUnavailableShare = 0.0
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private var channel: (any Channel)?
    private var placeholder: Int32?
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
            .childChannelInitializer { [weak self] channel in
                // Weakly: the listening channel must not keep its receiver alive (its last release would then come
                // on the event loop, where the group cannot be shut down).
                guard let self else { return channel.close() }
                return channel.pipeline.configureHTTPServerPipeline().flatMap {
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

    /// Seconds to wait before answering each request.
    public var delay: Double {
        get { lock.withLock { currentDelay } }
        set { lock.withLock { currentDelay = newValue } }
    }

    /// The share of requests answered 503 while accepting, spread evenly from the first on (0.3: the 1st, 4th, 7th,
    /// 10th, … request), so that any number of requests has at least that share refused.
    public var unavailableShare: Double {
        get { lock.withLock { currentUnavailableShare } }
        set { lock.withLock { currentUnavailableShare = newValue } }
    }

    public var received: [Request] { lock.withLock { requests } }

    /// Idempotency keys seen, each once: what a receiver that drops duplicates has acted on.
    public var uniqueKeys: Set<String> { Set(received.compactMap { $0.headers["idempotency-key"] }) }

    /// Records a request; returns the status to answer (nil: never) and the delay before answering.
    fileprivate func record(path: String, headers: [String: String], body: Data) -> (status: Int?, delay: Double) {
        lock.withLock {
            let status: Int?
            switch currentMode {
            case .hang: status = nil
            case .fail(let code): status = code
            case .accept:
                let n = Double(requests.count + 1), share = currentUnavailableShare
                status = (n * share).rounded(.up) > ((n - 1) * share).rounded(.up) ? 503 : 200
            }
            requests.append(Request(path: path, headers: headers, body: body, at: Date(), status: status))
            return (status, currentDelay)
        }
    }

    /// Closes the listening socket: the receiver is down (connections refused) until `restart()`. The port stays
    /// bound, not listening, so that a receiver of another test running meanwhile cannot be given it.
    public func stop() {
        try? channel?.close().wait()
        channel = nil
        if placeholder == nil { placeholder = reserve(port: port) }
    }

    public func restart() throws {
        stop()
        placeholder.map { _ = close($0) }
        placeholder = nil
        try start()
    }

    deinit {
        placeholder.map { _ = close($0) }
        channel?.close(promise: nil)
        group.shutdownGracefully { _ in }
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
                let (status, delay) = receiver.record(path: head.uri, headers: headers, body: body)
                guard let status else { return }
                var headersOut = HTTPHeaders()
                headersOut.add(name: "Content-Length", value: "0")
                let response = HTTPResponseHead(version: head.version, status: HTTPResponseStatus(statusCode: status), headers: headersOut)
                guard delay > 0 else { return answer(response, context) }
                context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(Int64(delay * 1000))) {
                    self.answer(response, context)
                }
            }
        }

        private func answer(_ response: HTTPResponseHead, _ context: ChannelHandlerContext) {
            context.write(wrapOutboundOut(.head(response)), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
