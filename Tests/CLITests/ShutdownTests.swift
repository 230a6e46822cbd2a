import Foundation
import TestSupport
import Testing

/// How long `serve` takes to stop: no service may wait out a sleep once SIGTERM has come.
@Suite(.serialized, .childProcesses)
struct ShutdownTests {
    /// The requirement (#21): SIGTERM to `serve` with 8 cameras returns in under 3 s when nothing is queued.
    /// Measured at 0.07-0.11 s (debug build, 2 shared cores); before the services' waits ended at shutdown it was
    /// 2.9-3.0 s, most of it sleeps running out.
    static let shutdownBound = 3.0

    @Test func sigtermWithEightCamerasReturnsWithinTheBound() async throws {
        // Motion only, in real time: the cameras keep up, so nothing is queued when the signal comes.
        let cameras = (1...8).map {
            "  - {id: cam\($0), kind: file, url: \(Fixtures.hamilton), loop: true, realtime: true, stages: [motion]}"
        }
        let server = try await ServeTests.Server(cameras: cameras.joined(separator: "\n"))
        try #require(await server.waitUntilServing(), "\(server.child.stderr.suffix(1500))")
        let opened = await server.child.waitUntil(60) { child in
            (1...8).allSatisfy { child.stderr.contains("camera.id=cam\($0) [Pipeline] opened") }
        }
        try #require(opened, "not every camera opened: \(server.child.stderr.suffix(1500))")
        let start = ContinuousClock.now
        server.child.signal(SIGTERM)
        let stopped = await server.child.waitUntil(30) { $0.status != nil }
        let took = (ContinuousClock.now - start) / .seconds(1)
        try #require(stopped, "still running 30 s after SIGTERM: \(server.child.stderr.suffix(1500))")
        #expect(await server.child.exit(timeout: 5) == 0, "\(server.child.stderr.suffix(1500))")
        #expect(took < Self.shutdownBound, "SIGTERM to exit took \(took) s")
        #expect(server.child.stderr.contains("stopping: finishing queued frames and sends"))
        #expect(server.notify.received("STOPPING=1"), "systemd is told the drain has begun")
        let stopped8 = server.child.stderr.components(separatedBy: "camera stopped").count - 1
        #expect(stopped8 == 8, "every camera drained and stopped")
    }
}
