import Foundation
import GRDB
import Recognition
import TestSupport
import Testing

/// `analyze --kind eagle_eye` over the generated 4K clip (Fixtures/eagle/make-eagle-fixtures.sh): three faces and
/// four plates a few dozen pixels tall in a 3840x2160 view, one plate drifting across a tile border.
@Suite(.serialized, .childProcesses)
struct EagleEyeCommandTests {
    struct Item: Decodable {
        var kind: String
        var label: String?
        var x, y, width, height: Int
        var dxPerFrame: Int
    }

    struct Truth: Decodable { var items: [Item] }

    private static func truth() async throws -> Truth {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Truth.self, from: Data(contentsOf: URL(fileURLWithPath: try await GeneratedFixtures.eagleTruth)))
    }

    private func analyse(_ options: [String]) async throws -> (summary: [String: Any], sightings: [Row]) {
        let db = try temporaryDirectory("eagle").appendingPathComponent("sharpeyes.sqlite").path
        let run = try await SharpEyesBinary.run(["analyze", try await GeneratedFixtures.eagle4K, "--db", db, "--json", "--kind", "eagle_eye",
                                           "--faces", "--plates", "--keep-unknown-faces", "--fps", "2"] + options, timeout: 300)
        try #require(run.status == 0, "\(run.stderr)")
        let sightings = try DatabaseQueue(path: db).read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM sighting WHERE kind IN ('face', 'plate') ORDER BY kind, boxX")
        }
        return (try SharpEyesBinary.lastJSON(run.stdout), sightings)
    }

    /// The truth item whose drifting rectangle holds the centre of the sighting's box.
    private func item(for sighting: Row, in truth: Truth) -> Item? {
        let cx = (sighting["boxX"] as Int) + (sighting["boxWidth"] as Int) / 2
        let cy = (sighting["boxY"] as Int) + (sighting["boxHeight"] as Int) / 2
        return truth.items.first { item in
            item.kind == sighting["kind"] && cx >= item.x && cx <= item.x + item.width + 30 * item.dxPerFrame
                && cy >= item.y && cy <= item.y + item.height
        }
    }

    @Test func tilesFindTheSmallFacesAndPlatesThatTheScaledFrameMisses() async throws {
        let truth = try await Self.truth()
        let tiled = try await analyse([])
        let whole = try await analyse(["--tiling", "off"])
        let tiledFaces = tiled.sightings.filter { $0["kind"] == "face" }, tiledPlates = tiled.sightings.filter { $0["kind"] == "plate" }
        let wholeFaces = whole.sightings.filter { $0["kind"] == "face" }, wholePlates = whole.sightings.filter { $0["kind"] == "plate" }
        print("eagle-eye: tiled \(tiledFaces.count) faces, \(tiledPlates.count) plates (detections \(tiled.summary["faces_detected"] ?? 0)/\(tiled.summary["plates_detected"] ?? 0)); whole frame \(wholeFaces.count) faces, \(wholePlates.count) plates (detections \(whole.summary["faces_detected"] ?? 0)/\(whole.summary["plates_detected"] ?? 0))")
        #expect(tiled.summary["tiling"] as? String == "16 tiles of 1280x720 (overlap 160, motion-gated)")
        #expect(whole.summary["tiling"] == nil)
        #expect(tiledFaces.count == 3, "one sighting per pasted face")
        #expect(Set(tiledFaces.compactMap { item(for: $0, in: truth).map { "\($0.x),\($0.y)" } }).count == 3, "at the three faces' places")
        let labels: [String] = tiledPlates.map { $0["label"] }
        for plate in truth.items.filter({ $0.kind == "plate" }).compactMap(\.label) {
            #expect(labels.filter { PlateText.distance($0, plate) <= 1 }.count == 1, "\(plate) once in \(labels)")
        }
        for sighting in tiledPlates { #expect(item(for: sighting, in: truth) != nil, "plate box in frame coordinates: \(sighting)") }
        #expect(wholeFaces.count == 0, "a 100-150-px face is 33-50 px in the 1280-px frame: too small for HOG")
        #expect(wholePlates.count < tiledPlates.count)
        #expect((whole.summary["faces_detected"] as? Int ?? 0) < (tiled.summary["faces_detected"] as? Int ?? 0))
        // Snapshots of a 4K sighting are a 1920x1080 window of full-resolution pixels around it.
        let snapshot: String = try #require(tiledPlates.first?["snapshotPath"])
        let size = try await shellOutput("/usr/bin/ffprobe", ["-v", "error", "-show_entries", "stream=width,height", "-of", "csv=p=0", snapshot])
        #expect(size.trimmingCharacters(in: .whitespacesAndNewlines) == "1920,1080")
    }
}

/// A command's stdout, when it exits 0.
func shellOutput(_ executable: String, _ arguments: [String]) async throws -> String {
    let child = try await ChildProcess.start(executable, arguments)
    guard await child.exit(timeout: 60) == 0 else { throw CocoaError(.executableLoad) }
    return child.stdout
}
