import Foundation
import Glibc

/// A TCP connection to a loopback port driven byte by byte, to behave as no HTTP client library would: a head sent
/// a byte at a time, a body announced and never sent, a megabyte of request line. Every call is bounded in time, and
/// waits without holding a thread (`socketReady`).
public final class RawConnection: Sendable {
    private let fd: Int32

    /// What a read saw.
    public enum Reading: Equatable {
        case bytes([UInt8])
        /// The server shut its sending side (EOF).
        case closed
        /// The server dropped the connection (reset).
        case reset
        case nothing
    }

    public init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        guard withLoopbackAddress(port: port, { connect(fd, $0, $1) }) == 0 else {
            close(fd)
            throw POSIXError(.ECONNREFUSED)
        }
    }

    deinit { close(fd) }

    /// Sends what the socket takes within `timeout` seconds; returns the count sent (less when the server stopped
    /// reading or dropped the connection).
    @discardableResult
    public func send(_ text: String, timeout: Double = 5) async -> Int { await send(Array(text.utf8), timeout: timeout) }

    @discardableResult
    public func send(_ bytes: [UInt8], timeout: Double = 5) async -> Int {
        let deadline = Date().addingTimeInterval(timeout)
        var sent = 0
        while sent < bytes.count, Date() < deadline {
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT | MSG_NOSIGNAL)) }
            if count > 0 { sent += count; continue }
            guard count < 0, errno == EAGAIN || errno == EWOULDBLOCK else { return sent }
            _ = await socketReady(fd, for: Int16(POLLOUT), within: deadline.timeIntervalSinceNow)
        }
        return sent
    }

    /// One read, waiting up to `timeout` seconds for something to happen.
    public func read(timeout: Double) async -> Reading {
        guard await socketReady(fd, for: Int16(POLLIN), within: timeout) else { return .nothing }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
        if count > 0 { return .bytes(Array(buffer[..<count])) }
        if count == 0 { return .closed }
        return errno == EAGAIN ? .nothing : .reset
    }

    /// Everything the server sends until it closes or resets, or until `timeout` seconds pass; `ended` says whether
    /// it closed.
    public func readToEnd(timeout: Double) async -> (text: String, ended: Bool) {
        let deadline = Date().addingTimeInterval(timeout)
        var received: [UInt8] = []
        while Date() < deadline {
            switch await read(timeout: deadline.timeIntervalSinceNow) {
            case .bytes(let bytes): received += bytes
            case .closed, .reset: return (String(decoding: received, as: UTF8.self), true)
            case .nothing: continue
            }
        }
        return (String(decoding: received, as: UTF8.self), false)
    }

    /// Whether the server let go of the connection entirely within `timeout` seconds: a byte sent then is answered
    /// with a reset. A server that only shut its sending side (and holds the socket, reading nothing) never resets.
    public func serverDropped(within timeout: Double) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let count = Glibc.send(fd, "x", 1, Int32(MSG_DONTWAIT | MSG_NOSIGNAL))
            if count < 0, errno == EPIPE || errno == ECONNRESET { return true }
            if case .reset = await read(timeout: 0) { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return false
    }
}

/// Whether `events` (`POLLIN`, `POLLOUT`) happened on socket `fd` within `timeout` seconds, checked at least once. A
/// test's socket is read and written without blocking; this is how it waits: `poll` with no timeout every few
/// milliseconds, between `Task.sleep`s, so no thread of the cooperative pool is held however long the wait.
public func socketReady(_ fd: Int32, for events: Int16, within timeout: Double) async -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int(max(0, timeout) * 1000))
    while true {
        var entry = pollfd(fd: fd, events: events, revents: 0)
        if poll(&entry, 1, 0) > 0 { return true }
        guard ContinuousClock.now < deadline, !Task.isCancelled else { return false }
        try? await Task.sleep(for: min(.milliseconds(10), deadline - ContinuousClock.now))
    }
}
