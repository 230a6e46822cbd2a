import Foundation
import Incidents
import Logging
import Media
import Pipeline
import Recognition
import Service
import Severities
import TestSupport
import Testing
import Toolkit

/// A face checkpoint's queue: person after person at the same place in the frame (#12). Real photos made into a clip
/// by the committed script, real models, a real SQLite file.
/// The enrolments run the face models on the blocking pool, as the product runs them.
@Suite(.childProcesses)
struct FaceQueueTests {
    private struct Queue {
        let summary: Summary
        let incidents: [Incident]
    }

    /// Makes a queue clip of `photos` (Fixtures/faces paths; `geometry` as make-queue-clip.sh's environment), enrols
    /// Obama, Biden and Rose Leslie from other photos, and analyses the clip with `settings`.
    private func analyseQueue(_ photos: [String], geometry: [String] = [],
                              settings: FaceSettings = FaceSettings()) async throws -> Queue {
        let directory = try temporaryDirectory("queue")
        let clip = directory.appendingPathComponent("queue.mp4").path
        try await runTool("/usr/bin/env", geometry + ["bash", Fixtures.packageRoot.appendingPathComponent("Benchmarks/make-queue-clip.sh").path,
                                                      clip] + photos.map { Fixtures.path("faces/" + $0) })
        let store = try IncidentStore(path: directory.appendingPathComponent("db.sqlite").path)
        let watchlist = try await Blocking.run { try Self.enrolWanted(in: store) }
        var options = AnalysisOptions()
        options.snapshotDirectory = directory.appendingPathComponent("snapshots").path
        let analysis = Analysis(
            url: clip, camera: Camera(id: "gate", name: "gate", kind: .checkpoint, url: clip), store: store, options: options,
            stages: { _ in [MotionStage(), FaceStage(engine: try FaceEngine(models: .default), watchlist: watchlist, settings: settings)] },
            trackers: { [FaceTracker()] }, logger: Logger(label: "test"))
        let summary = try await analysis.run()
        return Queue(summary: summary, incidents: try await Blocking.run { try store.incidents() })
    }

    /// Enrols Obama, Biden and Rose Leslie on the wanted list from gallery photos. Blocking: it runs the face models.
    private static func enrolWanted(in store: IncidentStore) throws -> FaceWatchlist {
        let enrolment = Enrolment(engine: try FaceEngine(models: .default))
        for (name, photo) in [("Obama", "obama/obama.jpg"), ("Biden", "biden/biden.jpg"), ("Rose Leslie", "rose_leslie/img1.jpg")] {
            try store.enrol(WatchlistIdentity(name: name, list: "wanted", severity: .high),
                            samples: [try enrolment.sample(from: Fixtures.path("faces/gallery/" + photo))])
        }
        return try FaceWatchlist(store: store)
    }

    /// Each hit of `windows`' people lies inside that person's own 4 s, once; nobody else has a hit.
    private func expectOwnSeconds(_ summary: Summary, _ windows: [String: Double]) {
        for (name, start) in windows {
            let hits = summary.hits[name] ?? []
            #expect(hits.count == 1, "one pass for \(name)")
            for hit in hits {
                #expect(hit.firstSeen >= start && hit.lastSeen < start + 4, "\(name) dated \(hit.firstSeen)–\(hit.lastSeen)")
                #expect(hit.matchingFrames == hit.frames, "\(name)'s track holds only \(name)")
            }
        }
        #expect(summary.hits.keys.allSatisfy { windows[$0] != nil }, "no one else raises anything")
    }

    /// Biden, Obama, Kit Harington, Rose Leslie, 4 s each, each filling the same 720x720 square of a 1280x720 frame.
    @Test func eachListedPersonOfAQueueRaisesTheirOwnIncidentInTheirOwnSeconds() async throws {
        let queue = try await analyseQueue(["gallery/biden/biden2.jpg", "probes/obama2.jpg", "gallery/kit_harington/john2.jpeg",
                                            "gallery/rose_leslie/img2.jpg"])
        #expect(Set(queue.incidents.map(\.subject)) == ["Biden", "Obama", "Rose Leslie"])
        #expect(queue.summary.incidentsByKind["face"] == 3)
        expectOwnSeconds(queue.summary, ["Biden": 0, "Obama": 4, "Rose Leslie": 12])
    }

    /// The same people far away: a 120 px square swaying in a 1920x1080 frame (faces of about 50–80 px, which the
    /// whole-frame search at the 1280 analysis width cannot see). The small-face search finds them where they move.
    @Test func distantFacesAreFoundWhereThePictureMoves() async throws {
        let photos = ["gallery/biden/biden2.jpg", "gallery/kit_harington/john2.jpeg", "gallery/rose_leslie/img2.jpg"]
        let far = ["WIDTH=1920", "HEIGHT=1080", "SIZE=120", "X=1200", "SWAY=40"]
        let found = try await analyseQueue(photos, geometry: far)
        #expect(Set(found.incidents.map(\.subject)) == ["Biden", "Rose Leslie"])
        expectOwnSeconds(found.summary, ["Biden": 0, "Rose Leslie": 8])

        var wholeFrameOnly = FaceSettings()
        wholeFrameOnly.smallFaceSize = 0
        let missed = try await analyseQueue(photos, geometry: far, settings: wholeFrameOnly)
        #expect(missed.incidents.isEmpty, "without the small-face search these faces are too small")
    }
}
