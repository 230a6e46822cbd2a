import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// An HTTP request on its own raw loopback connection, held open: for opening hundreds of streams at once, which an
/// HTTP client library would pool and queue. Keeps what the server sent and whether it closed the connection.
public final class HeldRequest: Sendable {
    private let collector: Collector
    private let channel: any Channel

    private init(collector: Collector, channel: any Channel) {
        self.collector = collector
        self.channel = channel
    }

    /// Connects to 127.0.0.1:`port` and sends `GET path` with `headers`.
    public static func open(port: Int, path: String, headers: [String: String] = [:]) async throws -> HeldRequest {
        let collector = Collector()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in channel.pipeline.addHandler(collector) }
            .connect(host: "127.0.0.1", port: port).get()
        let head = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers.map { "\($0.key): \($0.value)\r\n" }.joined() + "\r\n"
        try await channel.writeAndFlush(ByteBuffer(string: head)).get()
        return HeldRequest(collector: collector, channel: channel)
    }

    /// Everything received so far (head and body).
    public var received: String { collector.text.withLock { $0 } }

    /// The status code of the response, once its head has arrived.
    public var status: Int? {
        let line = received.prefix { $0 != "\r" }
        guard line.hasPrefix("HTTP/1.1 ") else { return nil }
        return Int(line.dropFirst(9).prefix(3))
    }

    public var isClosed: Bool { collector.closed.withLock { $0 } }

    /// Waits until `needle` has arrived (or the connection closed), at most `timeout` seconds.
    public func wait(for needle: String, timeout: Double = 60) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if received.contains(needle) { return true }
            if isClosed { break }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return received.contains(needle)
    }

    /// Waits until the server closed the connection, at most `timeout` seconds.
    public func waitUntilClosed(timeout: Double = 60) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline, !isClosed { try? await Task.sleep(for: .milliseconds(20)) }
        return isClosed
    }

    public func close() async {
        try? await channel.close().get()
    }

    private final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let text = Mutex("")
        let closed = Mutex(false)

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = unwrapInboundIn(data)
            text.withLock { $0 += String(buffer: buffer) }
        }

        func channelInactive(context: ChannelHandlerContext) {
            closed.withLock { $0 = true }
            context.fireChannelInactive()
        }
    }
}
