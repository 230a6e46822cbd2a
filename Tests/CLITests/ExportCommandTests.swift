import Foundation
import GRDB
import TestSupport
import Testing

/// `sharpeyes export` over the segments `serve` recorded (called from `continuousRecordingWritesContiguousSegments`,
/// which has them): the range's MP4 by the same join as the API's export, ffprobe's duration the range's ± one GOP
/// (it starts at the keyframe at or before --from), an audit entry either way, and a clear refusal.
extension ClipRecordingTests {
    func checkExport(_ rows: [Row], of server: ServeTests.Server, gop: Double) async throws {
        try #require(rows.count >= 3)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        // From 1 s into the first segment to 1 s into the third: a range over three segments.
        let from = (rows[0]["startedAt"] as Date).addingTimeInterval(1), to = (rows[2]["startedAt"] as Date).addingTimeInterval(1)
        let out = server.directory.appendingPathComponent("case-17.mp4").path
        let exported = try await SharpEyesBinary.run(["export", "--camera", "gate", "--from", formatter.string(from: from),
                                                      "--to", formatter.string(from: to), "-o", out, "--actor", "inv-7", "--db", server.db])
        try #require(exported.status == 0, "\(exported.stderr)")
        let probe = try await ClipProbe(out)
        let seconds = to.timeIntervalSince(from)
        #expect(probe.startsOnKeyframe && probe.codec == "h264")
        #expect(probe.duration >= seconds - 0.1 && probe.duration <= seconds + gop + 0.1, "\(probe.duration) s for a \(seconds) s range")
        // No footage: refused in words, nothing written, audited as a 404.
        let empty = server.directory.appendingPathComponent("none.mp4").path
        let refused = try await SharpEyesBinary.run(["export", "--camera", "gate", "--from", "2020-01-01T00:00:00Z",
                                                     "--to", "2020-01-01T00:10:00Z", "-o", empty, "--actor", "inv-7", "--db", server.db])
        #expect(refused.status != 0 && refused.stderr.contains("no recording of camera gate"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: empty))
        let audited = try server.rows("SELECT actor, route, filters, status FROM auditEntry WHERE route = 'sharpeyes export' ORDER BY id")
        #expect(audited.map { $0["status"] as Int } == [200, 404] && audited.allSatisfy { ($0["actor"] as String) == "inv-7" })
        #expect((audited.first?["filters"] as String?)?.contains("\"camera\":\"gate\"") == true)
        // Over two hours: refused before anything is read.
        let long = try await SharpEyesBinary.run(["export", "--camera", "gate", "--from", "2026-01-01T00:00:00Z",
                                                  "--to", "2026-01-01T02:00:01Z", "-o", empty, "--db", server.db])
        #expect(long.status != 0 && long.stderr.contains("at most 120 minutes"), "\(long.stderr)")
    }
}
