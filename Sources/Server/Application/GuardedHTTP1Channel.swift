import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// Hummingbird's HTTP/1.1 channel with `LingeringClose` in front of it and `RequestDeadlines` and `ParserErrors`
/// after its decoder.
/// Hummingbird's own `idleTimeout` is one limit for everything (a request head could not have 10 s while a
/// kept-alive connection has a minute), counts the time the server leaves a body unread against the client, and
/// closes without a 408; and the connection it half-closes after a 400 waits for the client to close it.
/// `Inner` is the channel that upgrades to WebSockets (`guardedWebSocket`), or any other HTTP/1.1 channel.
struct GuardedHTTP1Channel<Inner: ServerChildChannel>: ServerChildChannel {
    let http1: Inner
    let timeouts: ConnectionTimeouts

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Inner.Value> {
        let lingering = LingeringClose(linger: timeouts.linger)
        let deadlines = RequestDeadlines(timeouts)
        lingering.observer = deadlines
        do {
            try channel.pipeline.syncOperations.addHandler(lingering, position: .first)
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        // The child channel is set up on its event loop, so the handlers need not be Sendable.
        return http1.setup(channel: channel, logger: logger).assumeIsolated().flatMapThrowing { value in
            let operations = channel.pipeline.syncOperations
            let decoder = try operations.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try operations.addHandler(deadlines, position: .after(decoder))
            try operations.addHandler(ParserErrors(), position: .after(deadlines))
            return value
        }.nonisolated()
    }

    func handle(value: Inner.Value, logger: Logger) async {
        await http1.handle(value: value, logger: logger)
    }
}
