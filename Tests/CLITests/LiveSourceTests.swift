import Foundation
import TestSupport
import Testing

/// Live sources served on loopback by real servers that stall or end while sharpeyes runs (the kill-and-restart
/// cycles are in SlowTests, LiveRestartTests).
@Suite(.serialized, .childProcesses)
struct LiveSourceTests {
    /// A server that stops sending (SIGSTOP: its connections stay open, silent) is noticed within the read
    /// timeout, recorded as a gap, and the run still ends at its duration: lost at the end, so it exits 1.
    @Test func pausedServerIsAGapAndTheRunEndsAtItsDuration() async throws {
        let port = freePort()
        let server = try await liveHTTPServer(port: port)
        defer { server.signal(SIGCONT); server.signal(SIGKILL) }
        let db = try temporaryDirectory("paused").appendingPathComponent("db.sqlite").path
        let analysis = try await ChildProcess.start(SharpEyesBinary.path, ["analyze", "http://127.0.0.1:\(port)/live.ts", "--duration", "8",
                                                               "--read-timeout", "1", "--open-timeout", "1", "--db", db, "--json",
                                                               "--log-level", "info"])
        defer { analysis.signal(SIGKILL) }
        #expect(await analysis.waitUntil(20) { $0.stderr.contains("opened") }, "connected: \(analysis.stderr)")
        server.signal(SIGSTOP)
        let start = Date()
        #expect(await analysis.exit(timeout: 30) == 1)
        let durationBound = 8 + 1 + 3.0  // --duration 8, the 1 s read timeout, and room for a loaded machine
        #expect(Date().timeIntervalSince(start) < durationBound, "ended near its duration")
        let summary = try SharpEyesBinary.lastJSON(analysis.stdout)
        #expect(summary["stop_reason"] as? String == "stream_lost")
        #expect((summary["gaps"] as? [[String: Any]])?.isEmpty == false, "the stall is a gap")
        #expect(analysis.stderr.contains("error: the source stalled"), "\(analysis.stderr)")
    }

    /// An HLS playlist with an end (VOD) over HTTP is finite: read once to the end, not reconnected forever.
    @Test func hlsPlaylistWithAnEndIsReadOnceToTheEnd() async throws {
        let directory = try temporaryDirectory("hls")
        try await runTool("/usr/bin/ffmpeg", ["-hide_banner", "-loglevel", "error", "-i", Fixtures.hamilton, "-an", "-c:v", "copy",
                                      "-f", "hls", "-hls_time", "2", "-hls_list_size", "0",
                                      directory.appendingPathComponent("index.m3u8").path])
        let port = freePort()
        let server = try await ChildProcess.start("/usr/bin/python3", ["-m", "http.server", "\(port)", "--bind", "127.0.0.1",
                                                          "--directory", directory.path])
        defer { server.signal(SIGKILL) }
        #expect(await server.waitUntil(10) { _ in await httpGet("http://127.0.0.1:\(port)/index.m3u8").status == 200 }, "HTTP server ready")
        let db = directory.appendingPathComponent("db.sqlite").path
        let run = try await SharpEyesBinary.run(["analyze", "http://127.0.0.1:\(port)/index.m3u8", "--every", "1", "--db", db, "--json"],
                                          timeout: 60)
        #expect(run.status == 0)
        let summary = try SharpEyesBinary.lastJSON(run.stdout)
        #expect(summary["frames_decoded"] as? Int == 275)
        #expect(summary["reconnects"] as? Int == 0)
        #expect(summary["stop_reason"] as? String == "end")
    }
}
