import Foundation
import GRDB
import TestSupport
import Testing

/// Incident clips under `serve` (#23): a listed plate at a looped file camera read in real time. slideshow.mp4 is
/// 10 s of 25 fps H.264 with a keyframe every 2 s; 川A095Q5 is on screen 2–4 s of every loop. With a 5 s repeat
/// window each loop's pass raises an incident of its own, so the second one (about 13 s) has its whole pre-roll.
@Suite(.serialized, .childProcesses)
struct ClipRecordingTests {
    private static let preRoll = 10.0, postRoll = 20.0, gop = 2.0

    @Test func anIncidentsClipHoldsPreAndPostRollAndTheHitAndAKillLeavesNoBrokenClip() async throws {
        let server = try await ServeTests.Server(cameras: """
              - {id: gate, kind: file, url: \(Fixtures.path("plates/slideshow.mp4")), loop: true, realtime: true, stages: [plates]}
            recognition: {repeat_window: 5}
            """, prepare: { db in
                let listed = try await SharpEyesBinary.run(["watchlist", "add-plate", "川A095Q5", "--reason", "stolen", "--db", db])
                try #require(listed.status == 0, "\(listed.stderr)")
            })
        #expect(await server.waitUntilServing(), "\(server.child.stderr.suffix(1000))")
        // The second incident's clip: pre-roll and post-roll whole.
        let clipped = await server.child.waitUntil(90) { _ in ((try? server.rows(Self.clipsQuery)) ?? []).count >= 2 }
        try #require(clipped, "two clips written: \(server.child.stderr.suffix(3000))")
        let second = try #require(try server.rows(Self.clipsQuery).dropFirst().first)
        try await checkClip(second, of: server)
        try await checkRanges(incident: second["incidentId"], of: server)
        // Kill -9 while the next clip is being written: no row names an unfinished file; the next start cleans it.
        let folder = server.directory.appendingPathComponent("snapshots/gate/clips")
        let writing = await server.child.waitUntil(60) { _ in Self.unfinished(in: folder).count > 0 }
        try #require(writing, "a clip under way: \(server.child.stderr.suffix(1500))")
        server.child.signal(SIGKILL)
        _ = await server.child.exit(timeout: 30)
        let left = Self.unfinished(in: folder)
        for row in try server.rows(Self.clipsQuery) {
            let path: String = row["path"]
            #expect(!left.contains(URL(fileURLWithPath: path).lastPathComponent))
            #expect(try await ClipProbe(path).startsOnKeyframe, "every clip a row names is whole: \(path)")
        }
        try await restartCleans(folder, of: server)
    }

    /// Continuous recording: segments of about 4 s, each a whole MP4 from a keyframe, following each other.
    @Test func continuousRecordingWritesContiguousSegments() async throws {
        let server = try await ServeTests.Server(cameras: """
              - {id: gate, kind: file, url: \(Fixtures.path("plates/slideshow.mp4")), loop: true, realtime: true, stages: [motion],
                 recording: {mode: continuous, segment_seconds: 4}}
            """)
        #expect(await server.waitUntilServing(), "\(server.child.stderr.suffix(1000))")
        let query = "SELECT path, startedAt, endedAt, keyframes FROM recordingSegment ORDER BY startedAt"
        let recorded = await server.child.waitUntil(60) { _ in ((try? server.rows(query)) ?? []).count >= 3 }
        try #require(recorded, "three segments: \(server.child.stderr.suffix(2000))")
        #expect(await server.stop() == 0)
        let rows = try server.rows(query)
        let spans = rows.map { ($0["startedAt"] as Date, $0["endedAt"] as Date) }
        for (earlier, later) in zip(spans, spans.dropFirst()) {
            let gap = later.0.timeIntervalSince(earlier.1)
            #expect(gap > -0.5 && gap < Self.gop, "no gap over one GOP between segments: \(gap) s")
        }
        for row in rows.dropLast() {
            let probe = try await ClipProbe(row["path"])
            #expect(probe.startsOnKeyframe)
            #expect(probe.duration >= 4 - 0.1 && probe.duration <= 4 + Self.gop + 0.1, "\(probe.duration) s")
            #expect((row["keyframes"] as String).hasPrefix("[0.000"))
        }
        try await checkExport(rows, of: server, gop: Self.gop)
    }

    private static let clipsQuery = """
        SELECT c.incidentId, c.path, c.seconds, c.hitOffset, s.snapshotPath FROM incidentClip c
        JOIN incident i ON i.id = c.incidentId JOIN sighting s ON s.id = i.sightingId ORDER BY c.incidentId
        """

    private static func unfinished(in folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".part") }
    }

    /// ffprobe reads it; it starts on a keyframe; it lasts pre + post roll (± one GOP); the frame at the hit's offset
    /// is the snapshot's picture, and one 4 s later (another photo) is not.
    private func checkClip(_ row: Row, of server: ServeTests.Server) async throws {
        let path: String = row["path"], hitOffset: Double = row["hitOffset"]
        let probe = try await ClipProbe(path)
        #expect(probe.codec == "h264")
        #expect(probe.startsOnKeyframe)
        #expect(abs(probe.duration - (Self.preRoll + Self.postRoll)) <= Self.gop, "\(probe.duration) s")
        #expect(abs(hitOffset - Self.preRoll) <= Self.gop, "the hit \(hitOffset) s into the clip")
        let snapshot: String = try #require(row["snapshotPath"])
        let same = try await ffmpegPSNR(path, at: hitOffset, against: snapshot)
        let other = try await ffmpegPSNR(path, at: hitOffset + 4, against: snapshot)
        #expect(same > 25 && same > other + 8, "the hit's frame is the snapshot's: \(same) dB, 4 s later \(other) dB")
    }

    /// The clip route: the whole file, a range (206), a range past its end (416).
    private func checkRanges(incident: Int64, of server: ServeTests.Server) async throws {
        let detail = await httpJSON("\(server.base)/api/incidents/\(incident)", token: server.token) as? [String: Any]
        let url = try #require((detail?["incident"] as? [String: Any])?["clip_url"] as? String, "\(String(describing: detail))")
        #expect(url == "/api/incidents/\(incident)/clip.mp4")
        #expect(try await Self.curl(server, url, range: nil).hasPrefix("200 "))
        #expect(try await Self.curl(server, url, range: "bytes=0-99") == "206 100")
        #expect(try await Self.curl(server, url, range: "bytes=999999999-").hasPrefix("416 "))
    }

    private func restartCleans(_ folder: URL, of server: ServeTests.Server) async throws {
        let again = try await ChildProcess.start(SharpEyesBinary.path, ["serve", "--config", server.config.path, "--log-level", "info"])
        let cleaned = await again.waitUntil(60) { $0.stderr.contains("unfinished clip") || $0.status != nil }
        again.signal(SIGTERM)
        _ = await again.exit(timeout: 30)
        #expect(cleaned, "\(again.stderr.suffix(1500))")
        #expect(!again.stderr.contains("removed 0"))
        let stale = try server.rows("SELECT path FROM incidentClip").map { $0["path"] as String }
            .filter { !FileManager.default.fileExists(atPath: $0) }
        #expect(stale.isEmpty, "rows naming missing files: \(stale)")
    }

    private static func curl(_ server: ServeTests.Server, _ path: String, range: String?) async throws -> String {
        var arguments = ["-s", "-o", "/dev/null", "-w", "%{http_code} %{size_download}", "-H", "Authorization: Bearer \(server.token)"]
        if let range { arguments += ["-H", "Range: \(range)"] }
        let child = try await ChildProcess.start("/usr/bin/curl", arguments + [server.base + path])
        _ = await child.exit(timeout: 30)
        return child.stdout
    }
}
