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

/// Real footage, real models, a real SQLite file: Lin-Manuel Miranda and Alex Lacamoire enrolled from probes/.
struct FaceAnalysisTests {
    private func analyseHamilton(sampling: SamplingPolicy) async throws -> (Summary, IncidentStore) {
        let directory = try temporaryDirectory("faces")
        let store = try IncidentStore(path: directory.appendingPathComponent("db.sqlite").path)
        let engine = try FaceEngine(models: .default)
        let enrolment = Enrolment(engine: engine)
        try store.enrol(WatchlistIdentity(name: "Lin-Manuel Miranda", list: "wanted", severity: .high, reason: "test"),
                        samples: [try enrolment.sample(from: Fixtures.path("faces/probes/lin-manuel-miranda.png"))])
        try store.enrol(WatchlistIdentity(name: "Alex Lacamoire", list: "wanted", severity: .high),
                        samples: [try enrolment.sample(from: Fixtures.path("faces/probes/alex-lacamoire.png"))])
        let watchlist = try FaceWatchlist(store: store)
        var options = AnalysisOptions()
        options.sampling = sampling
        options.snapshotDirectory = directory.appendingPathComponent("snapshots").path
        let analysis = Analysis(
            url: Fixtures.hamilton, camera: Camera(id: "stage", name: "stage", kind: .file, url: Fixtures.hamilton),
            store: store, options: options,
            stages: { _ in [FaceStage(engine: try FaceEngine(models: .default), watchlist: watchlist, settings: FaceSettings())] },
            trackers: { [FaceTracker()] }, logger: Logger(label: "test"))
        return (try await analysis.run(), store)
    }

    @Test func oneIncidentForLinManuelMirandaNoneForAlexLacamoire() async throws {
        let (summary, store) = try await analyseHamilton(sampling: .fps(5))
        let incidents = try store.incidents()
        #expect(incidents.map(\.subject) == ["Lin-Manuel Miranda"])
        #expect(summary.incidentsByKind["face"] == 1)
        #expect(summary.hits["Alex Lacamoire"] == nil)
        let incident = try #require(incidents.first)
        #expect(incident.watchlist == "wanted" && incident.reason == "test" && incident.severity == .high)
        let sighting = try #require(try store.sightings(kind: .face).first { $0.id == incident.sightingId })
        #expect(sighting.label == "Lin-Manuel Miranda")
        #expect(sighting.frames >= 2)
        #expect(sighting.lastSeen > sighting.firstSeen)
        #expect(sighting.confidence > 0.4, "mean distance under 0.6")
        for path in [sighting.snapshotPath, sighting.cropPath] {
            #expect(FileManager.default.fileExists(atPath: try #require(path)))
        }
        #expect(try store.sightings(kind: .face).allSatisfy { $0.label != nil }, "unknown faces are not stored")
    }
}
