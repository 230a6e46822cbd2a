import Foundation
import Synchronization

/// A systemd notify socket for a child process (`NOTIFY_SOCKET`): `serve` sends READY=1 on it once its HTTP server
/// listens, so a test waits for that message instead of polling the port. A datagram socket bound to a path of its own.
public final class NotifySocket: Sendable {
    public let path: String
    private let descriptor: Int32
    private let messages = Mutex<[String]>([])

    public init() throws {
        // sun_path holds 108 bytes: a short name in /tmp, not the longer temporary directory.
        path = "/tmp/sharpeyes-notify-\(UInt32.random(in: 0...UInt32.max)).sock"
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8) + [0]) }
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else {
            let error = POSIXError(.init(rawValue: errno) ?? .EIO)
            close(descriptor)
            throw error
        }
    }

    /// `NOTIFY_SOCKET=path`, for the child's environment.
    public var environment: String { "NOTIFY_SOCKET=\(path)" }

    /// Whether a message so far contains `state` (READY=1, STOPPING=1), reading what has arrived without waiting.
    public func received(_ state: String) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            guard count > 0 else { break }
            let message = String(decoding: buffer[..<count], as: UTF8.self)
            messages.withLock { $0.append(message) }
        }
        return messages.withLock { $0.contains { $0.split(separator: "\n").contains(Substring(state)) } }
    }

    deinit {
        close(descriptor)
        unlink(path)
    }
}
