import HTTPTypes
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore

extension HTTPServerBuilder {
    /// HTTP/1.1 held to `timeouts` (see `GuardedHTTP1Channel`), upgrading the requests `shouldUpgrade` accepts to
    /// WebSockets. A connection that upgrades leaves `RequestDeadlines` and `ParserErrors` behind (its frames are not
    /// HTTP, and a viewer may watch for hours).
    static func guardedWebSocket(_ timeouts: ConnectionTimeouts, live: LiveController) -> HTTPServerBuilder {
        .init { responder in
            let upgrade = HTTP1WebSocketUpgradeChannel(responder: responder, configuration: .init()) { head, channel, _ in
                let result = await live.shouldUpgrade(head)
                if case .upgrade = result { try await Self.removeGuards(from: channel) }
                return result
            }
            return GuardedHTTP1Channel(http1: upgrade, timeouts: timeouts)
        }
    }

    private static func removeGuards(from channel: any Channel) async throws {
        try await channel.eventLoop.flatSubmit { () -> EventLoopFuture<Void> in
            let operations = channel.pipeline.syncOperations
            let guards: [any RemovableChannelHandler]
            do {
                guards = [try operations.handler(type: ParserErrors.self), try operations.handler(type: RequestDeadlines.self)]
            } catch {
                return channel.eventLoop.makeFailedFuture(error)
            }
            return EventLoopFuture<Void>.andAllSucceed(guards.map { operations.removeHandler($0) }, on: channel.eventLoop)
        }.get()
    }
}
