import Foundation
import TestSupport
import Testing

@Suite(.childProcesses)
struct AnalyzeCommandTests {
    private func database() throws -> String {
        try temporaryDirectory("cli").appendingPathComponent("sharpeyes.sqlite").path
    }

    @Test func everyFrameSummaryAsJSON() async throws {
        let db = try database()
        let run = try await SharpEyesBinary.run(["analyze", Fixtures.hamilton, "--every", "1", "--db", db, "--json"])
        #expect(run.status == 0)
        let summary = try SharpEyesBinary.lastJSON(run.stdout)
        #expect(summary["frames_decoded"] as? Int == 275)
        #expect(summary["frames_analyzed"] as? Int == 275)
        for key in ["frames_sampled", "frames_dropped", "decode_errors", "sightings", "media_seconds", "wall_seconds"] {
            #expect(summary[key] != nil, "summary has \(key)")
        }
        #expect(FileManager.default.fileExists(atPath: db))
    }

    @Test func fiveFpsByDefault() async throws {
        let run = try await SharpEyesBinary.run(["analyze", Fixtures.hamilton, "--db", try database(), "--json"])
        let summary = try SharpEyesBinary.lastJSON(run.stdout)
        #expect(summary["frames_analyzed"] as? Int == 46)
        #expect(run.stderr.contains("46 analysed"), "human summary goes to stderr with --json")
    }

    @Test(arguments: [
        ("/nonexistent/clip.mp4", "error: cannot open /nonexistent/clip.mp4: no such file"),
        (Fixtures.path("not-a-video.mp4"), "is not a video"),
    ])
    func badInputFailsWithOneClearLine(file: String, message: String) async throws {
        let run = try await SharpEyesBinary.run(["analyze", file, "--db", try database()])
        #expect(run.status == 1)
        #expect(run.stderr.contains(message))
        #expect(run.stderr.split(separator: "\n").filter { $0.hasPrefix("error:") }.count == 1)
        #expect(run.stdout.isEmpty)
    }

    @Test func unreachableStreamGivesUpAfterItsRetries() async throws {
        let run = try await SharpEyesBinary.run(["analyze", "rtsp://127.0.0.1:\(freePort())/cam", "--retries", "2", "--db", try database()])
        #expect(run.status == 1)
        #expect(run.stderr.contains("error: cannot reach"))
        #expect(run.stderr.contains("gave up after 2 attempts"))
    }

    @Test func truncatedFileExitsZeroWithTheFramesBeforeTheCut() async throws {
        let run = try await SharpEyesBinary.run(["analyze", Fixtures.path("truncated.mp4"), "--every", "1", "--db", try database(), "--json"])
        #expect(run.status == 0)
        let summary = try SharpEyesBinary.lastJSON(run.stdout)
        let decoded = try #require(summary["frames_decoded"] as? Int)
        #expect(decoded > 100 && decoded < 275)
    }

    @Test func corruptFileReportsDecodeErrorsAndKeepsSightings() async throws {
        let db = try database()
        let run = try await SharpEyesBinary.run(["analyze", Fixtures.path("corrupt.mp4"), "--every", "1", "--db", db, "--json"])
        #expect(run.status == 0)
        let summary = try SharpEyesBinary.lastJSON(run.stdout)
        #expect((summary["decode_errors"] as? Int ?? 0) > 0)
        #expect((summary["frames_decoded"] as? Int ?? 0) > 200)
        #expect((summary["sightings"] as? Int ?? 0) > 0)
    }

    /// Values that trapped a conversion, switched a deadline off, analysed nothing or asked for gigabytes of threads:
    /// refused as usage errors (one `error:` line, exit status 1) before anything runs.
    @Test(arguments: [
        ("--read-timeout=nan", "--read-timeout must be more than 0 and at most 300 seconds"),
        ("--read-timeout=inf", "--read-timeout must be more than 0"), ("--read-timeout=1e300", "--read-timeout must be more than 0"),
        ("--read-timeout=0", "--read-timeout must be more than 0"), ("--read-timeout=-1", "--read-timeout must be more than 0"),
        ("--open-timeout=0", "--open-timeout must be more than 0"), ("--open-timeout=301", "--open-timeout must be more than 0"),
        ("--duration=nan", "--duration must be more than 0"), ("--duration=-1", "--duration must be more than 0"),
        ("--duration=inf", "--duration must be more than 0"),
        ("--fps=0", "--fps must be from 0.001 to 1000.0"), ("--fps=nan", "--fps must be from"), ("--fps=1e-300", "--fps must be from"),
        ("--fps=1001", "--fps must be from"), ("--every=0", "--every must be 1 or more"), ("--every=-5", "--every must be 1 or more"),
        ("--threads=100000", "--threads must be 0 to 64"), ("--threads=-1", "--threads must be 0 to 64"),
        ("--workers=100000", "--workers must be 1 to 64"), ("--workers=0", "--workers must be 1 to 64"),
    ])
    func outOfRangeOptionsAreRefused(option: String, message: String) async throws {
        let run = try await SharpEyesBinary.run(["analyze", Fixtures.hamilton, option, "--db", try database()], timeout: 30)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.hasPrefix("error: \(message)"), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
    }

    @Test func snapshotsPathThatIsAFileIsRefusedAtStart() async throws {
        let directory = try temporaryDirectory("cli")
        let file = directory.appendingPathComponent("snapshots")
        try Data("x".utf8).write(to: file)
        let db = directory.appendingPathComponent("db.sqlite").path
        let run = try await SharpEyesBinary.run(["analyze", Fixtures.hamilton, "--snapshots", file.path, "--db", db])
        #expect(run.status == 1)
        #expect(run.stderr.contains("error: cannot write snapshots to \(file.path)/short_hamilton_clip"), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
    }

    @Test func fileWithNothingDecodableFails() async throws {
        let run = try await SharpEyesBinary.run(["analyze", Fixtures.path("undecodable.mp4"), "--db", try database(), "--json"])
        #expect(run.status == 1)
        let summary = try SharpEyesBinary.lastJSON(run.stdout)
        #expect(summary["stop_reason"] as? String == "failed")
        #expect(summary["frames_decoded"] as? Int == 0)
        #expect((summary["error"] as? String)?.contains("no frame could be decoded") == true)
        #expect(run.stderr.contains("error: no frame could be decoded from"), "\(run.stderr)")
    }

    @Test func hugeDeclaredFrameSizeIsRefusedAtOnce() async throws {
        let start = Date()
        let run = try await SharpEyesBinary.run(["analyze", Fixtures.path("huge-sps.h264"), "--db", try database()], timeout: 60)
        #expect(run.status == 1)
        #expect(run.stderr.contains("declares 16000x16000 frames"), "\(run.stderr)")
        #expect(Date().timeIntervalSince(start) < 10)
    }

    /// A server that accepts and never answers: each attempt ends at the open timeout, the run after
    /// attempts × (open timeout + backoff): here 2 × 1 s + 0.5 s.
    @Test func silentServerGivesUpWithinItsAttempts() async throws {
        let server = try SilentServer()
        let start = Date()
        let run = try await SharpEyesBinary.run(["analyze", "http://127.0.0.1:\(server.port)/cam", "--open-timeout", "1", "--retries", "2",
                                                 "--db", try database()], timeout: 60)
        let elapsed = Date().timeIntervalSince(start)
        #expect(run.status == 1)
        #expect(run.stderr.contains("error: cannot reach"), "\(run.stderr)")
        #expect(run.stderr.contains("no answer within 1.0 seconds (gave up after 2 attempts)"), "\(run.stderr)")
        #expect(elapsed > 2.4 && elapsed < 8, "\(elapsed) s")
    }

    @Test func conflictingSamplingOptionsAreRefused() async throws {
        let run = try await SharpEyesBinary.run(["analyze", Fixtures.hamilton, "--fps", "2", "--every", "3"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("choose one of --fps, --every and --keyframes"))
    }
}

@Suite(.childProcesses)
struct PlateHotlistCommandTests {
    @Test func hotlistFromTheCommandLineAndCSV() async throws {
        let directory = try temporaryDirectory("hotlist")
        let db = directory.appendingPathComponent("db.sqlite").path
        let added = try await SharpEyesBinary.run(["watchlist", "add-plate", "黑Ａ·12345", "--reason", "stolen", "--db", db])
        #expect(added.status == 0 && added.stdout.contains("listed 黑A12345"))
        let bad = try await SharpEyesBinary.run(["watchlist", "add-plate", "XYZ", "--reason", "x", "--db", db])
        #expect(bad.status == 1 && bad.stderr.contains("is not a Chinese plate"))
        let csv = directory.appendingPathComponent("hotlist.csv")
        try "plate,reason,severity\n京FK5358,\"wanted, armed\",critical\n辽B*88,cloned plates,medium\n".write(to: csv, atomically: true, encoding: .utf8)
        let imported = try await SharpEyesBinary.run(["watchlist", "import-plates", csv.path, "--db", db])
        #expect(imported.status == 0 && imported.stdout.contains("listed 2 plate(s)"))
        let list = try await SharpEyesBinary.run(["watchlist", "list", "--db", db]).stdout
        #expect(list.contains("黑A12345") && list.contains("wanted, armed") && list.contains("辽B*88"))
        #expect(try await SharpEyesBinary.run(["watchlist", "remove-plate", "黑A12345", "--db", db]).status == 0)
        #expect(try await SharpEyesBinary.run(["watchlist", "remove-plate", "黑A12345", "--db", db]).status == 1)
    }
}

@Suite(.childProcesses)
struct FaceWatchlistCommandTests {
    @Test func galleryImportAndRefusedPhotos() async throws {
        let directory = try temporaryDirectory("gallery")
        let db = directory.appendingPathComponent("db.sqlite").path
        let gallery = directory.appendingPathComponent("gallery")
        for (person, photo) in [("Barack Obama", "obama.jpg"), ("Joe Biden", "biden.jpg")] {
            let folder = gallery.appendingPathComponent(person)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: Fixtures.path("faces/probes/\(photo)"), toPath: folder.appendingPathComponent(photo).path)
        }
        let imported = try await SharpEyesBinary.run(["watchlist", "import-faces", gallery.path, "--list", "vip", "--db", db])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("enrolled Barack Obama on vip") && imported.stdout.contains("enrolled Joe Biden on vip"))
        let refused = try await SharpEyesBinary.run(["watchlist", "add-face", "--name", "Pair", "--list", "vip",
                                                     Fixtures.path("faces/probes/obama2.jpg"), Fixtures.path("faces/probes/two_people.jpg"),
                                                     "--db", db])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("two_people.jpg: 2 faces found"))
        #expect(refused.stderr.contains("nothing enrolled: 1 of 2 photos refused"))
        let list = try await SharpEyesBinary.run(["watchlist", "list", "--db", db]).stdout
        #expect(list.contains("Barack Obama") && list.contains("Joe Biden") && !list.contains("Pair"))
        #expect(try await SharpEyesBinary.run(["watchlist", "remove", "--name", "Joe Biden", "--db", db]).status == 0)
        #expect(!(try await SharpEyesBinary.run(["watchlist", "list", "--db", db]).stdout.contains("Joe Biden")))
    }
}
