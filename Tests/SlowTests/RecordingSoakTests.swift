import Foundation
import GRDB
import TestSupport
import Testing

/// Continuous recording of four cameras under `serve` (#23): looped file cameras read in real time (slideshow.mp4:
/// 25 fps, a keyframe every 2 s), 4-second segments, for 55 s here (the issue's 10 minutes with
/// `RECORDING_SOAK_SECONDS=600`, `Benchmarks/recording-soak.sh`). Each camera's segments follow each other with no
/// gap over one GOP. Then `serve` starts again on the same recording with a `min_free_space` no disk here has
/// (100 TB): its free-space guard deletes the oldest segments, files and rows, logs it and counts it in /metrics.
/// The two are apart because the guard deletes across cameras down to the newest segment: run together, a segment
/// indexed and deleted between two looks of the test read as a gap in the recording.
@Suite(.serialized, .childProcesses)
struct RecordingSoakTests {
    private static let gop = 2.0, segment = 4.0
    private static let cameras = ["gate-1", "gate-2", "gate-3", "gate-4"]

    @Test func fourCamerasRecordContiguouslyAndTheFreeSpaceGuardDeletesTheOldest() async throws {
        let seconds = Double(ProcessInfo.processInfo.environment["RECORDING_SOAK_SECONDS"] ?? "") ?? 55
        let directory = try temporaryDirectory("soak")
        let db = directory.appendingPathComponent("sharpeyes.sqlite").path, port = freePort()
        let serve = try await Self.serve(in: directory, db: db, port: port, minFreeSpace: 1)
        var seen: [String: [(start: Date, end: Date)]] = [:], paths = Set<String>()
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline, serve.status == nil {
            for row in (try? Self.rows(db)) ?? [] {
                let path: String = row["path"]
                guard paths.insert(path).inserted else { continue }
                seen[row["cameraId"], default: []].append((row["startedAt"], row["endedAt"]))
            }
            try await Task.sleep(for: .milliseconds(500))
        }
        serve.signal(SIGTERM)
        #expect(await serve.exit(timeout: 60) == 0, "\(serve.stderr.suffix(1500))")
        for camera in Self.cameras {
            let spans = (seen[camera] ?? []).sorted { $0.start < $1.start }
            #expect(Double(spans.count) >= seconds / Self.segment / 2, "\(camera): \(spans.count) segments in \(seconds) s")
            for (earlier, later) in zip(spans, spans.dropFirst()) {
                let gap = later.start.timeIntervalSince(earlier.end)
                #expect(gap > -0.5 && gap < Self.gop, "\(camera): no gap over one GOP between segments: \(gap) s")
            }
        }

        // The same recording under a quota no disk meets: the guard's pass at start deletes the oldest.
        let guarding = try await Self.serve(in: directory, db: db, port: port, minFreeSpace: 100_000)
        let guarded = await guarding.waitUntil(120) { $0.stderr.contains("free space under min_free_space") }
        #expect(guarded, "the guard deleted segments: \(guarding.stderr.suffix(1500))")
        let kept = try Self.rows(db).map { $0["path"] as String }
        let gone = paths.subtracting(kept)
        #expect(!gone.isEmpty && gone.allSatisfy { !FileManager.default.fileExists(atPath: $0) }, "deleted rows' files are gone too")
        let metrics = try await SharpEyesBinary.run(["token", "create", "--db", db, "--role", "admin", "--name", "soak"])
        let token = String(metrics.stdout.split(separator: "\n").last ?? "")
        let text = await httpGet("http://127.0.0.1:\(port)/metrics", token: token).body
        #expect(text.contains(#"sharpeyes_recording_segments_deleted_total{reason="free_space"}"#), "\(text.prefix(400))")
        guarding.signal(SIGTERM)
        #expect(await guarding.exit(timeout: 60) == 0)
    }

    /// `serve` recording the four cameras continuously, with `minFreeSpace` GiB for the free-space guard.
    private static func serve(in directory: URL, db: String, port: Int, minFreeSpace: Int) async throws -> ChildProcess {
        let config = directory.appendingPathComponent("sharpeyes.yaml")
        let lines = Self.cameras.map { id in
            "  - {id: \(id), kind: file, url: \(Fixtures.path("plates/slideshow.mp4")), loop: true, realtime: true, stages: [motion], "
                + "recording: {mode: continuous, segment_seconds: \(Int(Self.segment)), min_free_space: \(minFreeSpace)}}"
        }
        try (["storage: {database: \(db), snapshots: \(directory.appendingPathComponent("media").path)}", "workers: 2",
              "http: {listen: 127.0.0.1:\(port)}", "cameras:"] + lines).joined(separator: "\n").write(to: config, atomically: true, encoding: .utf8)
        return try await ChildProcess.start(SharpEyesBinary.path, ["serve", "--config", config.path, "--log-level", "info"])
    }

    private static func rows(_ db: String) throws -> [Row] {
        try DatabaseQueue(path: db).read { try Row.fetchAll($0, sql: "SELECT cameraId, path, startedAt, endedAt FROM recordingSegment") }
    }
}
