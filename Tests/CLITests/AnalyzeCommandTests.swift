import Foundation
import TestSupport
import Testing

struct AnalyzeCommandTests {
    private func database() throws -> String {
        try temporaryDirectory("cli").appendingPathComponent("sharpeyes.sqlite").path
    }

    @Test func everyFrameSummaryAsJSON() throws {
        let db = try database()
        let run = try SharpEyesBinary.run(["analyze", Fixtures.hamilton, "--every", "1", "--db", db, "--json"])
        #expect(run.status == 0)
        let summary = try SharpEyesBinary.lastJSON(run.stdout)
        #expect(summary["frames_decoded"] as? Int == 275)
        #expect(summary["frames_analyzed"] as? Int == 275)
        for key in ["frames_sampled", "frames_dropped", "decode_errors", "sightings", "media_seconds", "wall_seconds"] {
            #expect(summary[key] != nil, "summary has \(key)")
        }
        #expect(FileManager.default.fileExists(atPath: db))
    }

    @Test func fiveFpsByDefault() throws {
        let run = try SharpEyesBinary.run(["analyze", Fixtures.hamilton, "--db", try database(), "--json"])
        let summary = try SharpEyesBinary.lastJSON(run.stdout)
        #expect(summary["frames_analyzed"] as? Int == 46)
        #expect(run.stderr.contains("46 analysed"), "human summary goes to stderr with --json")
    }

    @Test(arguments: [
        ("/nonexistent/clip.mp4", "error: cannot open /nonexistent/clip.mp4: no such file"),
        (Fixtures.path("not-a-video.mp4"), "is not a video"),
    ])
    func badInputFailsWithOneClearLine(file: String, message: String) throws {
        let run = try SharpEyesBinary.run(["analyze", file, "--db", try database()])
        #expect(run.status == 1)
        #expect(run.stderr.contains(message))
        #expect(run.stderr.split(separator: "\n").filter { $0.hasPrefix("error:") }.count == 1)
        #expect(run.stdout.isEmpty)
    }

    @Test func unreachableStreamGivesUpAfterItsRetries() throws {
        let run = try SharpEyesBinary.run(["analyze", "rtsp://127.0.0.1:\(freePort())/cam", "--retries", "2", "--db", try database()])
        #expect(run.status == 1)
        #expect(run.stderr.contains("error: cannot reach"))
        #expect(run.stderr.contains("gave up after 2 attempts"))
    }

    @Test func truncatedFileExitsZeroWithTheFramesBeforeTheCut() throws {
        let run = try SharpEyesBinary.run(["analyze", Fixtures.path("truncated.mp4"), "--every", "1", "--db", try database(), "--json"])
        #expect(run.status == 0)
        let summary = try SharpEyesBinary.lastJSON(run.stdout)
        let decoded = try #require(summary["frames_decoded"] as? Int)
        #expect(decoded > 100 && decoded < 275)
    }

    @Test func corruptFileReportsDecodeErrorsAndKeepsSightings() throws {
        let db = try database()
        let run = try SharpEyesBinary.run(["analyze", Fixtures.path("corrupt.mp4"), "--every", "1", "--db", db, "--json"])
        #expect(run.status == 0)
        let summary = try SharpEyesBinary.lastJSON(run.stdout)
        #expect((summary["decode_errors"] as? Int ?? 0) > 0)
        #expect((summary["frames_decoded"] as? Int ?? 0) > 200)
        #expect((summary["sightings"] as? Int ?? 0) > 0)
    }

    @Test func conflictingSamplingOptionsAreRefused() throws {
        let run = try SharpEyesBinary.run(["analyze", Fixtures.hamilton, "--fps", "2", "--every", "3"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("choose one of --fps, --every and --keyframes"))
    }
}

struct PlateHotlistCommandTests {
    @Test func hotlistFromTheCommandLineAndCSV() throws {
        let directory = try temporaryDirectory("hotlist")
        let db = directory.appendingPathComponent("db.sqlite").path
        let added = try SharpEyesBinary.run(["watchlist", "add-plate", "黑Ａ·12345", "--reason", "stolen", "--db", db])
        #expect(added.status == 0 && added.stdout.contains("listed 黑A12345"))
        let bad = try SharpEyesBinary.run(["watchlist", "add-plate", "XYZ", "--reason", "x", "--db", db])
        #expect(bad.status == 1 && bad.stderr.contains("is not a Chinese plate"))
        let csv = directory.appendingPathComponent("hotlist.csv")
        try "plate,reason,severity\n京FK5358,\"wanted, armed\",critical\n辽B*88,cloned plates,medium\n".write(to: csv, atomically: true, encoding: .utf8)
        let imported = try SharpEyesBinary.run(["watchlist", "import-plates", csv.path, "--db", db])
        #expect(imported.status == 0 && imported.stdout.contains("listed 2 plate(s)"))
        let list = try SharpEyesBinary.run(["watchlist", "list", "--db", db]).stdout
        #expect(list.contains("黑A12345") && list.contains("wanted, armed") && list.contains("辽B*88"))
        #expect(try SharpEyesBinary.run(["watchlist", "remove-plate", "黑A12345", "--db", db]).status == 0)
        #expect(try SharpEyesBinary.run(["watchlist", "remove-plate", "黑A12345", "--db", db]).status == 1)
    }
}

struct FaceWatchlistCommandTests {
    @Test func galleryImportAndRefusedPhotos() throws {
        let directory = try temporaryDirectory("gallery")
        let db = directory.appendingPathComponent("db.sqlite").path
        let gallery = directory.appendingPathComponent("gallery")
        for (person, photo) in [("Barack Obama", "obama.jpg"), ("Joe Biden", "biden.jpg")] {
            let folder = gallery.appendingPathComponent(person)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: Fixtures.path("faces/probes/\(photo)"), toPath: folder.appendingPathComponent(photo).path)
        }
        let imported = try SharpEyesBinary.run(["watchlist", "import-faces", gallery.path, "--list", "vip", "--db", db])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("enrolled Barack Obama on vip") && imported.stdout.contains("enrolled Joe Biden on vip"))
        let refused = try SharpEyesBinary.run(["watchlist", "add-face", "--name", "Pair", "--list", "vip",
                                               Fixtures.path("faces/probes/obama2.jpg"), Fixtures.path("faces/probes/two_people.jpg"),
                                               "--db", db])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("two_people.jpg: 2 faces found"))
        #expect(refused.stderr.contains("nothing enrolled: 1 of 2 photos refused"))
        let list = try SharpEyesBinary.run(["watchlist", "list", "--db", db]).stdout
        #expect(list.contains("Barack Obama") && list.contains("Joe Biden") && !list.contains("Pair"))
        #expect(try SharpEyesBinary.run(["watchlist", "remove", "--name", "Joe Biden", "--db", db]).status == 0)
        #expect(!(try SharpEyesBinary.run(["watchlist", "list", "--db", db]).stdout.contains("Joe Biden")))
    }
}
