import Foundation

/// The few POSIX socket calls the RTP receiver makes: bind, wait with `poll`, receive, accept. Blocking calls,
/// made on the source's reader thread, each bounded by a wait.
enum Socket {
    static func bound(transport: RTPReceiver.Transport, host: String, port: Int) throws -> Int32 {
        let kind = transport == .udp ? Int32(SOCK_DGRAM.rawValue) : Int32(SOCK_STREAM.rawValue)
        let fd = socket(AF_INET, kind | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw MediaError(.unreachable, "cannot open a socket: \(String(cString: strerror(errno)))") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            Foundation.close(fd)
            throw MediaError(.unreachable, "\(host) is not an IPv4 address")
        }
        if transport == .udp {
            var size: Int32 = 4 << 20  // a keyframe arrives as a burst of packets
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard status == 0, transport == .udp || listen(fd, 1) == 0 else {
            let reason = String(cString: strerror(errno))
            Foundation.close(fd)
            throw MediaError(.unreachable, "cannot bind port \(port): \(reason)")
        }
        return fd
    }

    /// Waits for the socket to become readable; false when `wait` passed first.
    static func poll(_ fd: Int32, wait: Duration) throws -> Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(clamping: wait.components.seconds * 1000 + wait.components.attoseconds / 1_000_000_000_000_000)
        let ready = Glibc.poll(&entry, 1, max(milliseconds, 1))
        if ready < 0 && errno != EINTR { throw MediaError(.streamLost, "waiting for RTP: \(String(cString: strerror(errno)))") }
        return ready > 0
    }

    /// One datagram, or for a stream what is there (empty: the peer closed); nil when nothing came within `wait`.
    static func receive(_ fd: Int32, wait: Duration, stream: Bool = false) throws -> [UInt8]? {
        guard try poll(fd, wait: wait) else { return nil }
        // Received straight into the array returned: no zeroing of 64 KiB and no second copy per datagram.
        var count = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: 65536) { buffer, initialized in
            count = recv(fd, buffer.baseAddress, buffer.count, 0)
            initialized = max(0, count)
        }
        if count < 0 {
            if errno == EAGAIN || errno == EINTR { return nil }
            throw MediaError(.streamLost, "receiving RTP: \(String(cString: strerror(errno)))")
        }
        return bytes
    }

    static func accept(_ fd: Int32, wait: Duration) throws -> Int32? {
        guard try poll(fd, wait: wait) else { return nil }
        let connection = Glibc.accept(fd, nil, nil)
        return connection >= 0 ? connection : nil
    }
}
