import NIOCore
import NIOHTTP1

/// Answers a request the HTTP decoder cannot parse (a head over 80 KiB, a control byte in a header) with `400` at
/// once, when no earlier request is still owed an answer, and shuts the connection's sending side (`LingeringClose`
/// finishes it). It sits after `RequestDeadlines`, which so sees the answer and stops its clocks.
///
/// Hummingbird answers these itself once a connection is plain HTTP/1.1, but the WebSocket upgrade channel decides
/// that only after a whole head has been read: until then a parse error reached no one and the client got a `408`
/// when the head deadline passed. Answered here, the error goes no further; the upgrade negotiation is told the
/// input has ended, so it gives up quietly, and a close it then asks for waits for `LingeringClose`, so the client
/// reads the `400` rather than a reset. Mid-request errors (a malformed chunked body) go on to the route, as before.
/// Removed with `RequestDeadlines` from a connection that upgrades.
final class ParserErrors: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// Request heads passed on, and responses ended: the app owes an answer while they differ.
    private var requests = 0, answers = 0
    private var answered = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) { requests += 1 }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { answers += 1 }
        context.write(data, promise: promise)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let error = error as? HTTPParserError, requests == answers else { return context.fireErrorCaught(error) }
        guard !answered else { return }
        answered = true
        let body = ByteBuffer(string: #"{"error":"\#(Self.reason(error))"}"#)
        let headers = HTTPHeaders([("Connection", "close"), ("Content-Type", "application/json"),
                                   ("Content-Length", "\(body.readableBytes)")])
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .badRequest, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        context.close(mode: .output, promise: nil)
        context.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
    }

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        guard answered else { return context.close(mode: mode, promise: promise) }
        // `LingeringClose` ends the connection within its linger; closing now would reset the client's read.
        context.channel.closeFuture.cascade(to: promise)
    }

    private static func reason(_ error: HTTPParserError) -> String {
        switch error {
        case .headerOverflow: "the request head is over the 80 KiB allowed"
        case .invalidHeaderToken, .invalidCharactersUsed, .lfExpected, .strictModeAssertion:
            "the request head holds a byte HTTP/1.1 does not allow"
        default: "the request is not valid HTTP/1.1"
        }
    }
}

@available(*, unavailable)
extension ParserErrors: Sendable {}
