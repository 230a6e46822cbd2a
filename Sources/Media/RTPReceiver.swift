import Foundation
import Synchronization

/// Receives one MPEG-PS stream sent over RTP to a local port, by UDP or by TCP (RFC 4571: each packet after a
/// two-byte big-endian length; the device connects to the port, "TCP passive" in GB/T 28181), and reads out the
/// PS bytes in order for libavformat.
///
/// ```swift
/// let receiver = try RTPReceiver.bind(transport: .udp, host: "0.0.0.0", ports: 30000...30100, ssrc: 100000001)
/// offer(port: receiver.port)                 // in the INVITE's SDP
/// source = try Source(url: "gb28181://…", options: options)   // options.byteStream opens `receiver`
/// ```
public final class RTPReceiver: ByteStream, @unchecked Sendable {
    public enum Transport: String, Sendable { case udp, tcp }

    public let transport: Transport
    public let port: Int
    private let socket: Int32
    private var connection: Int32 = -1
    private var tcpBuffer: [UInt8] = []
    private var assembler: PSFrameAssembler
    private var output: [UInt8] = []
    private var outputStart = 0
    private let shared = Mutex(Shared())
    private let onClose: @Sendable () -> Void

    private struct Shared {
        var finished = false
        var closed = false
        /// The reader thread is in a receive: a `close()` from another thread leaves the sockets to it, so that no
        /// descriptor it polls is closed (and reused) under it.
        var receiving = false
        var released = false
        var counters = RTPCounters()

        /// Whether the caller is the one to close the sockets now.
        mutating func takeRelease() -> Bool {
            guard closed, !receiving, !released else { return false }
            released = true
            return true
        }
    }

    private init(transport: Transport, socket: Int32, port: Int, ssrc: UInt32?, onClose: @escaping @Sendable () -> Void) {
        self.transport = transport
        self.socket = socket
        self.port = port
        assembler = PSFrameAssembler(ssrc: ssrc)
        self.onClose = onClose
    }

    /// Opens a socket on the first free port of `ports` (even ports, as RTP custom has it).
    public static func bind(transport: Transport, host: String, ports: ClosedRange<Int>, ssrc: UInt32?,
                            onClose: @escaping @Sendable () -> Void = {}) throws -> RTPReceiver {
        for port in ports where port % 2 == 0 {
            if let socket = try? Socket.bound(transport: transport, host: host, port: port) {
                return RTPReceiver(transport: transport, socket: socket, port: port, ssrc: ssrc, onClose: onClose)
            }
        }
        throw MediaError(.unreachable, "no free \(transport.rawValue) port for RTP in \(ports.lowerBound)-\(ports.upperBound)")
    }

    deinit { close() }

    /// The sender ended the stream (a BYE): what was received is still read out, then the stream ends.
    public func finish() { shared.withLock { $0.finished = true } }

    /// What the receiver has counted so far.
    public var counters: RTPCounters { shared.withLock { $0.counters } }

    /// Releases the port and ends the dialog (`onClose`: the BYE). Safe from any thread: a receive under way on the
    /// reader thread ends within its wait, and the sockets are closed then.
    public func close() {
        let (first, release) = shared.withLock { state in
            let first = !state.closed
            state.closed = true
            return (first, state.takeRelease())
        }
        if release { releaseSockets() }
        if first { onClose() }
    }

    private func releaseSockets() {
        if connection >= 0 { Foundation.close(connection) }
        Foundation.close(socket)
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer, wait: Duration) throws -> Int? {
        if outputStart == output.count {
            output.removeAll(keepingCapacity: true)
            outputStart = 0
            guard beginReceiving() else { return nil }
            defer { endReceiving() }
            guard try receive(wait: wait) else { return nil }
            if outputStart == output.count { return 0 }
        }
        let count = min(buffer.count, output.count - outputStart)
        output.withUnsafeBytes { bytes in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[outputStart..<outputStart + count]))
        }
        outputStart += count
        return count
    }

    /// False when the stream has ended (the device's BYE, the device offline) or the receiver was closed.
    private func beginReceiving() -> Bool {
        shared.withLock { state in
            guard !state.finished, !state.closed else { return false }
            state.receiving = true
            return true
        }
    }

    private func endReceiving() {
        if shared.withLock({ state in
            state.receiving = false
            return state.takeRelease()
        }) { releaseSockets() }
    }

    /// Waits up to `wait` for the first bytes of video without taking them (over TCP, the device's connection is
    /// accepted); false when none came. On the reader thread, before the source reads.
    public func waitForMedia(wait: Duration) throws -> Bool {
        guard beginReceiving() else { return false }
        defer { endReceiving() }
        switch transport {
        case .udp: return try Socket.poll(socket, wait: wait)
        case .tcp:
            if connection < 0 {
                guard let accepted = try Socket.accept(socket, wait: wait) else { return false }
                connection = accepted
            }
            return try Socket.poll(connection, wait: wait)
        }
    }

    /// Waits up to `wait` for packets and assembles what came; false when the stream has ended.
    private func receive(wait: Duration) throws -> Bool {
        let frames: [[UInt8]]
        switch transport {
        case .udp:
            guard let datagram = try Socket.receive(socket, wait: wait) else { return true }
            frames = assembler.receive(datagram[...])
        case .tcp:
            guard let received = try receiveTCP(wait: wait) else {
                for frame in assembler.finish() { output += frame }
                publishCounters()
                return !output.isEmpty
            }
            frames = received
        }
        for frame in frames { output += frame }
        publishCounters()
        return true
    }

    /// nil when the device closed the connection.
    private func receiveTCP(wait: Duration) throws -> [[UInt8]]? {
        if connection < 0 {
            guard let accepted = try Socket.accept(socket, wait: wait) else { return [] }
            connection = accepted
        }
        guard let bytes = try Socket.receive(connection, wait: wait, stream: true) else { return [] }
        if bytes.isEmpty { return nil }
        tcpBuffer += bytes
        var frames: [[UInt8]] = [], index = 0
        while index + 2 <= tcpBuffer.count {
            let length = Int(tcpBuffer[index]) << 8 | Int(tcpBuffer[index + 1])
            guard index + 2 + length <= tcpBuffer.count else { break }
            frames += assembler.receive(tcpBuffer[(index + 2)..<(index + 2 + length)])
            index += 2 + length
        }
        tcpBuffer.removeFirst(index)
        return frames
    }

    private func publishCounters() {
        let counters = assembler.counters
        shared.withLock { $0.counters = counters }
    }
}
