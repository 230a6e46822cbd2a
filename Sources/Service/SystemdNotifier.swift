import Foundation
public import Logging
public import ServiceLifecycle

/// Tells systemd (`Type=notify`) that the service is ready or stopping, through `$NOTIFY_SOCKET`.
/// Does nothing when not started by systemd.
public enum SystemdNotifier {
    public static func notify(_ state: String) {
        guard let path = ProcessInfo.processInfo.environment["NOTIFY_SOCKET"], !path.isEmpty else { return }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        // An abstract socket is written with a leading "@", which stands for a NUL byte.
        var bytes = Array(path.utf8)
        if bytes.first == UInt8(ascii: "@") { bytes[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else { return }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in raw.copyBytes(from: bytes) }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count)
        let message = Array(state.utf8)
        _ = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { target in
                message.withUnsafeBytes { sendto(fd, $0.baseAddress, $0.count, 0, target, length) }
            }
        }
    }
}

/// Says the process is stopping (the log, and systemd's `STOPPING=1`) the moment graceful shutdown starts. The group
/// stops its services in reverse order, so this one goes last in the list: it is told first and returns at once.
public struct StoppingNotice: Service {
    private let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    public func run() async {
        // Thrown at cancellation: the process is not draining, there is nothing to announce.
        guard (try? await gracefulShutdown()) != nil else { return }
        logger.notice("stopping: finishing queued frames and sends")
        SystemdNotifier.notify("STOPPING=1")
    }
}
