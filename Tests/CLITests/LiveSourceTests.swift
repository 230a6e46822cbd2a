import Foundation
import TestSupport
import Testing

/// Live sources served on loopback by real servers, killed and restarted while sharpeyes runs.
@Suite(.serialized, .ownThreads)
struct LiveSourceTests {
    /// The fixture's frames as JPEGs, which the RTSP server loops at 29.97 fps.
    private static let frames: String = {
        let directory = try! temporaryDirectory("frames")
        try! shell("/usr/bin/ffmpeg", ["-hide_banner", "-loglevel", "error", "-i", Fixtures.hamilton, "-q:v", "4",
                                       directory.appendingPathComponent("%05d.jpg").path])
        return directory.path
    }()

    private func rtspServer(port: Int) throws -> ChildProcess {
        let script = Fixtures.packageRoot.appendingPathComponent("scripts/rtsp-server.py").path
        let server = try ChildProcess("/usr/bin/python3", [script, Self.frames, "\(port)", "/cam"])
        #expect(server.waitFor(10) { $0.stdout.contains("serving") }, "RTSP server started: \(server.stderr)")
        return server
    }

    private func httpServer(port: Int) throws -> ChildProcess {
        try ChildProcess("/usr/bin/ffmpeg", ["-hide_banner", "-loglevel", "error", "-re", "-stream_loop", "-1",
                                             "-i", Fixtures.hamilton, "-an", "-c:v", "copy", "-f", "mpegts",
                                             "-listen", "1", "http://127.0.0.1:\(port)/live.ts"])
    }

    private func analyse(_ url: String) throws -> ChildProcess {
        let db = try temporaryDirectory("live").appendingPathComponent("db.sqlite").path
        return try ChildProcess(SharpEyesBinary.path, ["analyze", url, "--db", db, "--json", "--log-level", "info"])
    }

    /// Runs sharpeyes against a server, kills the server, restarts it, and checks that analysis went on.
    private func survivesRestart(url: String, start: () throws -> ChildProcess) throws {
        var server = try start()
        defer { server.terminate() }
        let analysis = try analyse(url)
        defer { analysis.terminate() }
        #expect(analysis.waitFor(20) { $0.stderr.contains("opened") }, "connected: \(analysis.stderr)")
        Thread.sleep(forTimeInterval: 3)
        server.terminate()
        #expect(analysis.waitFor(15) { $0.stderr.contains("stream lost") }, "loss noticed: \(analysis.stderr)")
        Thread.sleep(forTimeInterval: 2)
        server = try start()
        #expect(analysis.waitFor(30) { $0.stderr.contains("reconnected after a gap") }, "resumed: \(analysis.stderr)")
        Thread.sleep(forTimeInterval: 3)
        analysis.signal(SIGINT)
        #expect(analysis.wait(timeout: 30) == 0)
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

    @Test func rtspServerKilledAndRestarted() throws {
        let port = freePort()
        try survivesRestart(url: "rtsp://127.0.0.1:\(port)/cam") { try rtspServer(port: port) }
    }

    @Test func httpMpegTsServerKilledAndRestarted() throws {
        let port = freePort()
        try survivesRestart(url: "http://127.0.0.1:\(port)/live.ts") { try httpServer(port: port) }
    }

    /// A server that stops sending (SIGSTOP: its connections stay open, silent) is noticed within the read
    /// timeout, recorded as a gap, and the run still ends at its duration: lost at the end, so it exits 1.
    @Test func pausedServerIsAGapAndTheRunEndsAtItsDuration() throws {
        let port = freePort()
        let server = try httpServer(port: port)
        defer { server.signal(SIGCONT); server.terminate() }
        let db = try temporaryDirectory("paused").appendingPathComponent("db.sqlite").path
        let analysis = try ChildProcess(SharpEyesBinary.path, ["analyze", "http://127.0.0.1:\(port)/live.ts", "--duration", "8",
                                                               "--read-timeout", "1", "--open-timeout", "1", "--db", db, "--json",
                                                               "--log-level", "info"])
        defer { analysis.terminate() }
        #expect(analysis.waitFor(20) { $0.stderr.contains("opened") }, "connected: \(analysis.stderr)")
        server.signal(SIGSTOP)
        let start = Date()
        #expect(analysis.wait(timeout: 30) == 1)
        #expect(Date().timeIntervalSince(start) < 12, "ended near its duration")
        let summary = try SharpEyesBinary.lastJSON(analysis.stdout)
        #expect(summary["stop_reason"] as? String == "stream_lost")
        #expect((summary["gaps"] as? [[String: Any]])?.isEmpty == false, "the stall is a gap")
        #expect(analysis.stderr.contains("error: the source stalled"), "\(analysis.stderr)")
    }

    /// An HLS playlist with an end (VOD) over HTTP is finite: read once to the end, not reconnected forever.
    @Test func hlsPlaylistWithAnEndIsReadOnceToTheEnd() throws {
        let directory = try temporaryDirectory("hls")
        try shell("/usr/bin/ffmpeg", ["-hide_banner", "-loglevel", "error", "-i", Fixtures.hamilton, "-an", "-c:v", "copy",
                                      "-f", "hls", "-hls_time", "2", "-hls_list_size", "0",
                                      directory.appendingPathComponent("index.m3u8").path])
        let port = freePort()
        let server = try ChildProcess("/usr/bin/python3", ["-m", "http.server", "\(port)", "--bind", "127.0.0.1",
                                                          "--directory", directory.path])
        defer { server.terminate() }
        #expect(server.waitFor(10) { _ in httpGet("http://127.0.0.1:\(port)/index.m3u8").status == 200 }, "HTTP server ready")
        let db = directory.appendingPathComponent("db.sqlite").path
        let run = try SharpEyesBinary.run(["analyze", "http://127.0.0.1:\(port)/index.m3u8", "--every", "1", "--db", db, "--json"],
                                          timeout: 60)
        #expect(run.status == 0)
        let summary = try SharpEyesBinary.lastJSON(run.stdout)
        #expect(summary["frames_decoded"] as? Int == 275)
        #expect(summary["reconnects"] as? Int == 0)
        #expect(summary["stop_reason"] as? String == "end")
    }
}
