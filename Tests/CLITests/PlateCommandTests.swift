import Foundation
import GRDB
import Recognition
import TestSupport
import Testing

/// `analyze` over the plate slideshow (Fixtures/plates/make-slideshow.sh: five street photos, 2 s each, zoom and
/// grain, 1280x720 H.264) with a hotlist, and `bench plates` over the fixture photos.
@Suite(.childProcesses)
struct PlateCommandTests {
    static let plates = ["京FK5358", "川A095Q5", "黑A1R272", "辽BG0D80", "粤B2757B"]

    private func analyse(hotlist: [String], options: [String] = []) async throws -> (summary: [String: Any], sightings: [Row], incidents: [Row]) {
        let db = try temporaryDirectory("plates").appendingPathComponent("sharpeyes.sqlite").path
        for plate in hotlist {
            let added = try await SharpEyesBinary.run(["watchlist", "add-plate", plate, "--reason", "stolen", "--db", db])
            try #require(added.status == 0, "\(added.stderr)")
        }
        let run = try await SharpEyesBinary.run(["analyze", Fixtures.path("plates/slideshow.mp4"), "--db", db, "--json"] + options)
        try #require(run.status == 0, "\(run.stderr)")
        let queue = try DatabaseQueue(path: db)
        return try queue.read { db in
            (try SharpEyesBinary.lastJSON(run.stdout),
             try Row.fetchAll(db, sql: "SELECT * FROM sighting WHERE kind = 'plate' ORDER BY firstSeen"),
             try Row.fetchAll(db, sql: "SELECT * FROM incident"))
        }
    }

    @Test func oneIncidentForTheListedPlateAndOneSightingPerPass() async throws {
        let (summary, sightings, incidents) = try await analyse(hotlist: ["川A095Q5"])
        let labels: [String] = sightings.map { $0["label"] }
        #expect(labels.count == 5, "one sighting per plate pass: \(labels)")
        for (read, plate) in zip(labels, Self.plates) {
            #expect(PlateText.distance(read, plate) <= 1, "\(read) for \(plate)")
        }
        #expect(incidents.count == 1)
        #expect(incidents.first?["subject"] == "川A095Q5")
        #expect(summary["plate_incidents"] as? Int == 1)
        for sighting in sightings {
            let crop: String? = sighting["cropPath"]
            #expect(crop.map { FileManager.default.fileExists(atPath: $0) } == true, "the plate crop is kept as JPEG")
            let details: String = sighting["details"]
            #expect(details.contains("\"colour\":\"blue\"") || details.contains("\"colour\":\"unknown\""), "\(details)")
            #expect(details.contains("\"character_confidences\""))
        }
        let linked: [Int64?] = sightings.map { $0["incidentId"] }
        #expect(linked.compactMap { $0 }.count == 1, "only the listed plate's sighting belongs to the incident")
    }

    @Test func oneConfusionHitsAndTwoRealDifferencesDoNot() async throws {
        // 京FK535B: B listed where the plate has 8. 辽BG0D17: 1 and 7 where the plate has 8 and 0.
        let (_, sightings, incidents) = try await analyse(hotlist: ["京FK535B", "辽BG0D17"])
        #expect(sightings.count == 5)
        let subjects: [String] = incidents.map { $0["subject"] }
        #expect(subjects == ["京FK535B"])
    }

    @Test func platesAreReadAtFullResolutionWhateverTheAnalysisSize() async throws {
        // Motion and faces see 640-px frames; the plate stage converts the 1280x720 frame itself.
        let (_, sightings, _) = try await analyse(hotlist: [], options: ["--plates", "--analysis-width", "640"])
        let labels: [String] = sightings.map { $0["label"] }
        #expect(labels.count == 5 && labels.first == "京FK5358", "\(labels)")
        // 2d2723313e.jpg's plate (838, 276 in the 1280x720 photo) fills the first frames of the clip.
        let first = try #require(sightings.first)
        let (x, width): (Int, Int) = (first["boxX"], first["boxWidth"])
        #expect(abs(x + width / 2 - 838) < 100 && width > 120, "box in full-resolution pixels: x \(x), width \(width)")
    }

    @Test func benchPlatesOnTheFixturePhotos() async throws {
        let run = try await SharpEyesBinary.run(["bench", "plates", Fixtures.path("plates/labels.tsv"), "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let result = try SharpEyesBinary.lastJSON(run.stdout)
        #expect(result["plates"] as? Int == 5)
        #expect(result["exact"] as? Double == 1.0)
        #expect(result["within_one"] as? Double == 1.0)
        #expect(result["province"] as? Double == 1.0)
        #expect(result["false_plates"] as? Int == 0)
        #expect((result["median_ms"] as? Double ?? 0) > 0)
        #expect(run.stdout.contains("read exactly: 5 (100.0%)"))
    }

    @Test func benchPlatesRefusesAMalformedLabelsFile() async throws {
        let directory = try temporaryDirectory("labels")
        let labels = directory.appendingPathComponent("labels.tsv")
        try "file\tplate\tcx\tcy\tw\n".write(to: labels, atomically: true, encoding: .utf8)
        let missingColumn = try await SharpEyesBinary.run(["bench", "plates", labels.path])
        #expect(missingColumn.status == 1)
        #expect(missingColumn.stderr.contains("the header has no 'h' column"))
        try "file\tplate\tcx\tcy\tw\th\na.jpg\t京FK5358\t10\tten\t5\t5\n".write(to: labels, atomically: true, encoding: .utf8)
        let notANumber = try await SharpEyesBinary.run(["bench", "plates", labels.path])
        #expect(notANumber.status == 1)
        #expect(notANumber.stderr.contains("labels.tsv:2: 'cy' is not a number"))
        try "file\tplate\tcx\tcy\tw\th\nmissing.jpg\t京FK5358\t10\t10\t5\t5\n".write(to: labels, atomically: true, encoding: .utf8)
        let missingPhoto = try await SharpEyesBinary.run(["bench", "plates", labels.path])
        #expect(missingPhoto.status == 1)
        #expect(missingPhoto.stderr.contains("missing.jpg: no such file"), "\(missingPhoto.stderr)")
    }
}
