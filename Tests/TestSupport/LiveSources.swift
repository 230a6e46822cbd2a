import Foundation

/// The Hamilton clip looped by ffmpeg in real time as a live MPEG-TS over HTTP on loopback (`-listen 1`: it serves
/// one client, then ends, as a camera's HTTP stream that drops its viewer).
public func liveHTTPServer(port: Int) async throws -> ChildProcess {
    try await ChildProcess.start("/usr/bin/ffmpeg", ["-hide_banner", "-loglevel", "error", "-re", "-stream_loop", "-1",
                                                     "-i", Fixtures.hamilton, "-an", "-c:v", "copy", "-f", "mpegts",
                                                     "-listen", "1", "http://127.0.0.1:\(port)/live.ts"])
}

/// `sharpeyes analyze URL` into a database of its own, with the JSON summary and the info log (its "opened",
/// "lost" and "reconnected" lines are what live tests wait for).
public func analyseLive(_ url: String) async throws -> ChildProcess {
    let db = try temporaryDirectory("live").appendingPathComponent("db.sqlite").path
    return try await ChildProcess.start(SharpEyesBinary.path, ["analyze", url, "--db", db, "--json", "--log-level", "info"])
}
