import HTTPTypes
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore

extension HTTPServerBuilder {
    /// `guardedHTTP1`, upgrading the requests `shouldUpgrade` accepts to WebSockets. A connection that upgrades
    /// leaves `RequestDeadlines` behind (its frames are not HTTP, and a viewer may watch for hours).
    static func guardedWebSocket(_ timeouts: ConnectionTimeouts, live: LiveController) -> HTTPServerBuilder {
        .init { responder in
            let upgrade = HTTP1WebSocketUpgradeChannel(responder: responder, configuration: .init()) { head, channel, _ in
                let result = await live.shouldUpgrade(head)
                if case .upgrade = result { try await Self.removeDeadlines(from: channel) }
                return result
            }
            return GuardedHTTP1Channel(http1: upgrade, timeouts: timeouts)
        }
    }

    private static func removeDeadlines(from channel: any Channel) async throws {
        try await channel.eventLoop.flatSubmit {
            do {
                let operations = channel.pipeline.syncOperations
                return operations.removeHandler(try operations.handler(type: RequestDeadlines.self))
            } catch {
                return channel.eventLoop.makeFailedFuture(error)
            }
        }.get()
    }
}
