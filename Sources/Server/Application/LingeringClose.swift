import NIOCore

/// The first handler of a connection, on its raw bytes. It tells `RequestDeadlines` when bytes arrive and when the
/// server asks for more, and it finishes every connection the server is done with.
///
/// When the server shuts its sending side (after a `Connection: close` response, a 400 for a malformed or oversized
/// head, a timeout), the connection is not left half-open: it keeps reading and discarding what the client still
/// sends, for at most `linger`, so that the client reads the response rather than a reset, then closes. Without
/// this a client that never closes kept its socket, and its unread bytes, on the server for ever.
final class LingeringClose: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData

    private let linger: TimeAmount
    /// Told of the client's bytes and of the server's demand for them.
    weak var observer: RequestDeadlines?
    private var lingering: Scheduled<Void>?

    init(linger: Duration) {
        self.linger = TimeAmount(linger)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard lingering == nil else { return }
        observer?.clientSent()
        context.fireChannelRead(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        guard lingering == nil else { return context.read() }
        context.fireChannelReadComplete()
    }

    func read(context: ChannelHandlerContext) {
        observer?.serverWantsMore()
        context.read()
    }

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        switch mode {
        case .output where lingering == nil:
            lingering = context.eventLoop.assumeIsolated().scheduleTask(in: linger) { context.close(promise: nil) }
            context.close(mode: .output, promise: promise)
            context.read()
        case .all:
            lingering?.cancel()
            context.close(mode: mode, promise: promise)
        default:
            context.close(mode: mode, promise: promise)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        lingering?.cancel()
        context.fireChannelInactive()
    }
}

@available(*, unavailable)
extension LingeringClose: Sendable {}
