import NIOCore
import NIOPosix

/// A TCP server on loopback that accepts every connection, reads what it is sent and never answers: the
/// camera that is plugged in but hung, which only a deadline can get a client away from.
public final class SilentServer: @unchecked Sendable {
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private let channel: any Channel
    public let port: Int

    /// Listens on 127.0.0.1 at a port the kernel picks; ready when `init` returns.
    public init() throws {
        // No handlers: what clients send is read and dropped, and nothing is ever written back.
        channel = try ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0).wait()
        port = channel.localAddress?.port ?? 0
    }

    deinit {
        try? channel.close().wait()
        try? group.syncShutdownGracefully()
    }
}
