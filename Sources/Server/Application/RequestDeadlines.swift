import NIOCore
import NIOHTTP1

/// Holds each client to `ConnectionTimeouts`, just after the HTTP decoder: a head sent a byte at a time
/// (slowloris), a body announced and never sent, a kept-alive connection left idle. On expiry it answers 408 when a
/// request is under way and unanswered, and shuts the connection (`LingeringClose` finishes it).
///
/// It also answers `Expect: 100-continue` with `100 Continue` as soon as the head is read and every earlier request
/// is answered, so a client that waits for it before sending its body is never left waiting (a route that refuses
/// the request still answers after), and
/// closes the connection after answering a `CONNECT`: NIO sends that answer without a length (a tunnel would follow
/// a 2xx), so only a close tells the client it has ended.
final class RequestDeadlines: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private var exchange: Exchange
    private var context: ChannelHandlerContext?
    private var timer: Scheduled<Void>?
    private var closing = false
    private var closeAfterAnswer = false
    /// The requests read and not yet answered, oldest first, each with the version of the `100 Continue` it still
    /// waits for. A pipelined request's continue waits until every earlier request is answered: written at once it
    /// would be read as part of an earlier answer, or land in the middle of its body (an event stream, an export).
    private var awaitingAnswer: [HTTPVersion?] = []

    init(_ timeouts: ConnectionTimeouts) {
        exchange = Exchange(timeouts, now: .now())
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { rearm() }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stop()
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        rearm()
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stop()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            exchange.headRead(at: .now())
            closeAfterAnswer = closeAfterAnswer || head.method == .CONNECT
            awaitingAnswer.append(Self.expectsContinue(head) ? head.version : nil)
            sendDueContinue(context: context)
            rearm()
        case .body:
            break
        case .end:
            exchange.endRead(at: .now())
            rearm()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head) where head.status.code >= 200 || head.status == .switchingProtocols:
            exchange.responseBegun()
        case .end where closeAfterAnswer:
            stop()
            context.write(data, promise: promise)
            return context.close(mode: .output, promise: nil)
        case .end:
            exchange.responseEnded(at: .now())
            rearm()
            context.write(data, promise: promise)
            if !awaitingAnswer.isEmpty { awaitingAnswer.removeFirst() }
            sendDueContinue(context: context)
            return
        default:
            break
        }
        context.write(data, promise: promise)
    }

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        stop()
        context.close(mode: mode, promise: promise)
    }

    /// Bytes reached the connection (`LingeringClose` tells).
    func clientSent() {
        if exchange.clientSent(at: .now()) { rearm() }
    }

    /// The server asked the socket for more (`LingeringClose` tells): from now a silence is the client's.
    func serverWantsMore() {
        exchange.serverWantsMore(at: .now())
    }

    private func rearm() {
        timer?.cancel()
        timer = nil
        guard let context, !closing else { return }
        switch exchange.wait(at: .now()) {
        case .none: break
        case .head(let deadline, _), .body(let deadline):
            timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { self.expire() }
        }
    }

    private func expire() {
        timer = nil
        let now = NIODeadline.now()
        switch exchange.wait(at: now) {
        case .head(let deadline, let partial) where deadline <= now: giveUp(answering: partial)
        case .body(let deadline) where deadline <= now: giveUp(answering: exchange.unanswered)
        default: rearm()
        }
    }

    private func giveUp(answering: Bool) {
        guard let context else { return }
        stop()
        if answering {
            let body = ByteBuffer(string: #"{"error":"the request was not completed in time"}"#)
            let headers = HTTPHeaders([("Connection", "close"), ("Content-Type", "application/json"),
                                       ("Content-Length", "\(body.readableBytes)")])
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .requestTimeout, headers: headers))),
                          promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
        context.close(mode: .output, promise: nil)
    }

    private func stop() {
        closing = true
        timer?.cancel()
        timer = nil
    }

    /// The oldest unanswered request's `100 Continue`, if it wants one and has not had it.
    private func sendDueContinue(context: ChannelHandlerContext) {
        guard let version = awaitingAnswer.first.flatMap({ $0 }) else { return }
        awaitingAnswer[0] = nil
        context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: version, status: .continue))), promise: nil)
    }

    private static func expectsContinue(_ head: HTTPRequestHead) -> Bool {
        (head.version.major, head.version.minor) >= (1, 1) && head.headers["Expect"].contains { $0.lowercased() == "100-continue" }
    }
}

@available(*, unavailable)
extension RequestDeadlines: Sendable {}
