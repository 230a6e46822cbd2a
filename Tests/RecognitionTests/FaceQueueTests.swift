import Foundation
import Incidents
import Logging
import Media
import Pipeline
import Recognition
import TestSupport
import Testing

/// A face checkpoint's queue: person after person at the same place in the frame (#12). Real photos made into a clip
/// by the committed script, real models, a real SQLite file.
struct FaceQueueTests {
    /// Biden, Obama, Kit Harington, Rose Leslie, 4 s each, each filling the same 720x720 square of a 1280x720 frame.
    @Test func eachListedPersonOfAQueueRaisesTheirOwnIncidentInTheirOwnSeconds() async throws {
        let directory = try temporaryDirectory("queue")
        let clip = directory.appendingPathComponent("queue.mp4").path
        try shell("/bin/bash", [Fixtures.packageRoot.appendingPathComponent("Benchmarks/make-queue-clip.sh").path, clip,
                                Fixtures.path("faces/gallery/biden/biden2.jpg"), Fixtures.path("faces/probes/obama2.jpg"),
                                Fixtures.path("faces/gallery/kit_harington/john2.jpeg"),
                                Fixtures.path("faces/gallery/rose_leslie/img2.jpg")])
        let store = try IncidentStore(path: directory.appendingPathComponent("db.sqlite").path)
        let enrolment = Enrolment(engine: try FaceEngine(models: .default))
        for (name, photo) in [("Obama", "obama/obama.jpg"), ("Biden", "biden/biden.jpg"), ("Rose Leslie", "rose_leslie/img1.jpg")] {
            try store.enrol(WatchlistIdentity(name: name, list: "wanted", severity: "high"),
                            samples: [try enrolment.sample(from: Fixtures.path("faces/gallery/" + photo))])
        }
        let watchlist = try FaceWatchlist(store: store)
        var options = AnalysisOptions()
        options.snapshotDirectory = directory.appendingPathComponent("snapshots").path
        let analysis = Analysis(
            url: clip, camera: Camera(id: "gate", name: "gate", kind: .checkpoint, url: clip), store: store, options: options,
            stages: { _ in [FaceStage(engine: try FaceEngine(models: .default), watchlist: watchlist, settings: FaceSettings())] },
            trackers: { [FaceTracker()] }, logger: Logger(label: "test"))
        let summary = try await analysis.run()

        #expect(Set(try store.incidents().map(\.subject)) == ["Biden", "Obama", "Rose Leslie"])
        #expect(summary.faceIncidents == 3)
        let windows = ["Biden": 0.0, "Obama": 4.0, "Rose Leslie": 12.0]
        for (name, start) in windows {
            let hits = summary.hits[name] ?? []
            #expect(hits.count == 1, "one pass for \(name)")
            for hit in hits {
                #expect(hit.firstSeen >= start && hit.lastSeen < start + 4, "\(name) dated \(hit.firstSeen)–\(hit.lastSeen)")
                #expect(hit.matchingFrames == hit.frames, "\(name)'s track holds only \(name)")
            }
        }
        #expect(summary.hits.keys.allSatisfy { windows[$0] != nil }, "Kit Harington raises nothing")
    }
}
