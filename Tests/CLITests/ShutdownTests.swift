import Foundation
import TestSupport
import Testing

/// How long `serve` takes to stop: no service may wait out a sleep once SIGTERM has come.
@Suite(.serialized, .ownThreads)
struct ShutdownTests {
    /// The requirement (#21): SIGTERM to `serve` with 8 cameras returns in under 3 s when nothing is queued.
    /// Measured at 0.07-0.11 s (debug build, 2 shared cores); before the services' waits ended at shutdown it was
    /// 2.9-3.0 s, most of it sleeps running out.
    static let shutdownBound = 3.0

    @Test func sigtermWithEightCamerasReturnsWithinTheBound() throws {
        // Motion only, in real time: the cameras keep up, so nothing is queued when the signal comes.
        let cameras = (1...8).map {
            "  - {id: cam\($0), kind: file, url: \(Fixtures.hamilton), loop: true, realtime: true, stages: [motion]}"
        }
        let notify = try NotifySocket()
        let server = try ServeTests.Server(cameras: cameras.joined(separator: "\n"), environment: ["NOTIFY_SOCKET=\(notify.path)"])
        try #require(server.waitUntilServing(), "\(server.child.stderr.suffix(1500))")
        try #require(server.child.waitFor(30) { _ in notify.received.contains("READY=1") }, "systemd is told when HTTP listens")
        let opened = server.child.waitFor(60) { child in
            (1...8).allSatisfy { child.stderr.contains("camera.id=cam\($0) [Pipeline] opened") }
        }
        try #require(opened, "not every camera opened: \(server.child.stderr.suffix(1500))")
        let start = ContinuousClock.now
        server.child.signal(SIGTERM)
        let stopped = server.child.waitFor(30) { !$0.process.isRunning }
        let took = (ContinuousClock.now - start) / .seconds(1)
        try #require(stopped, "still running 30 s after SIGTERM: \(server.child.stderr.suffix(1500))")
        #expect(server.child.wait(timeout: 5) == 0, "\(server.child.stderr.suffix(1500))")
        #expect(took < Self.shutdownBound, "SIGTERM to exit took \(took) s")
        #expect(server.child.stderr.contains("stopping: finishing queued frames and sends"))
        #expect(notify.received == ["READY=1", "STOPPING=1"], "systemd is told the drain has begun")
        let stopped8 = server.child.stderr.components(separatedBy: "camera stopped").count - 1
        #expect(stopped8 == 8, "every camera drained and stopped")
    }
}

/// A `NOTIFY_SOCKET` as systemd opens it for a `Type=notify` service: a datagram socket, read without blocking.
private final class NotifySocket {
    let path = "/tmp/sharpeyes-notify-\(UInt32.random(in: 0...UInt32.max)).sock"
    private let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
    private var messages: [String] = []

    init() throws {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard fd >= 0, bound == 0, fcntl(fd, F_SETFL, O_NONBLOCK) == 0 else { throw CocoaError(.fileWriteUnknown) }
    }

    /// Every message so far, oldest first.
    var received: [String] {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while case let count = recv(fd, &buffer, buffer.count, 0), count > 0 {
            messages.append(String(decoding: buffer[..<count], as: UTF8.self))
        }
        return messages
    }

    deinit {
        close(fd)
        unlink(path)
    }
}
