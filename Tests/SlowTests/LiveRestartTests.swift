import Foundation
import TestSupport
import Testing

/// Live sources served on loopback by real servers, killed and restarted while sharpeyes runs: each cycle holds the
/// server down long enough to make a gap of known size, so it takes its time by design.
@Suite(.serialized, .childProcesses)
struct LiveRestartTests {
    /// The fixture's frames as JPEGs, which the RTSP server loops at 29.97 fps.
    private static let frames = Lazily {
        let directory = try temporaryDirectory("frames")
        try await runTool("/usr/bin/ffmpeg", ["-hide_banner", "-loglevel", "error", "-i", Fixtures.hamilton, "-q:v", "4",
                                             directory.appendingPathComponent("%05d.jpg").path])
        return directory.path
    }

    private func rtspServer(port: Int) async throws -> ChildProcess {
        let script = Fixtures.packageRoot.appendingPathComponent("scripts/rtsp-server.py").path
        let server = try await ChildProcess.start("/usr/bin/python3", [script, try await Self.frames.value, "\(port)", "/cam"])
        #expect(await server.waitUntil(10) { $0.stdout.contains("serving") }, "RTSP server started: \(server.stderr)")
        return server
    }

    /// Runs sharpeyes against a server, kills the server, restarts it, and checks that analysis went on.
    private func survivesRestart(url: String, start: () async throws -> ChildProcess) async throws {
        var server = try await start()
        let analysis = try await analyseLive(url)
        #expect(await analysis.waitUntil(20) { $0.stderr.contains("opened") }, "connected: \(analysis.stderr)")
        try await Task.sleep(for: .seconds(3))
        await server.kill()
        #expect(await analysis.waitUntil(15) { $0.stderr.contains("stream lost") }, "loss noticed: \(analysis.stderr)")
        try await Task.sleep(for: .seconds(2))
        server = try await start()
        #expect(await analysis.waitUntil(30) { $0.stderr.contains("reconnected after a gap") }, "resumed: \(analysis.stderr)")
        try await Task.sleep(for: .seconds(3))
        analysis.signal(SIGINT)
        #expect(await analysis.exit(timeout: 30) == 0)
        await server.kill()
        let summary = try SharpEyesBinary.lastJSON(analysis.stdout)
        #expect(summary["reconnects"] as? Int == 1)
        #expect(summary["stop_reason"] as? String == "interrupted")
        let gaps = try #require(summary["gaps"] as? [[String: Any]])
        #expect(gaps.count == 1)
        let gap = try #require(gaps.first?["seconds"] as? Double)
        #expect(gap > 1.5 && gap < 30)
        #expect((summary["frames_decoded"] as? Int ?? 0) > 100, "frames before and after the gap")
        #expect(summary["frames_analyzed"] as? Int == summary["frames_sampled"] as? Int, "the queue was drained")
    }

    @Test func rtspServerKilledAndRestarted() async throws {
        let port = freePort()
        try await survivesRestart(url: "rtsp://127.0.0.1:\(port)/cam") { try await rtspServer(port: port) }
    }

    @Test func httpMpegTsServerKilledAndRestarted() async throws {
        let port = freePort()
        try await survivesRestart(url: "http://127.0.0.1:\(port)/live.ts") { try await liveHTTPServer(port: port) }
    }
}
