import Foundation
import Incidents
import Logging
import Pipeline
import Recognition
import Service
import TestSupport
import Testing

/// `store_unknown_faces` from the camera spec to the stored rows, and the retention of what it stores.
struct UnknownFacesTests {
    /// Analyses the first seconds of the Hamilton clip as `serve` would, with an empty watchlist.
    private func analyse(_ spec: CameraSpec, store: IncidentStore) async throws {
        var settings = StageSettings()
        settings.faceDetectionNeedsWatchlist = true  // as in serve: no watchlist, no detection, unless opted in
        let plan = StagePlan(stages: spec.stages, models: Models(faces: .default, plates: nil), watchlists: Watchlists(),
                             settings: settings.for(spec))
        var options = spec.options
        options.maxSeconds = 4
        let analysis = Analysis(url: Fixtures.hamilton, camera: spec.camera, store: store, options: options,
                                stages: plan.makeStages, trackers: plan.makeTrackers, logger: Logger(label: "test"))
        _ = try await analysis.run()
    }

    private func spec(_ id: String, storesUnknownFaces: Bool) -> CameraSpec {
        CameraSpec(camera: Camera(id: id, name: id, kind: .file, url: Fixtures.hamilton), streamURL: Fixtures.hamilton,
                   displayURL: Fixtures.hamilton, stages: [.faces], enabled: true, options: AnalysisOptions(),
                   storesUnknownFaces: storesUnknownFaces)
    }

    @Test func onlyAnOptedInCameraStoresUnknownFacesAndTheirEmbeddings() async throws {
        let store = try IncidentStore()
        try await analyse(spec("opted-in", storesUnknownFaces: true), store: store)
        try await analyse(spec("default", storesUnknownFaces: false), store: store)
        let faces = try store.sightings(camera: "opted-in", kind: .face)
        #expect(!faces.isEmpty && faces.allSatisfy { $0.label == nil }, "detected with an empty watchlist")
        var stored: [IncidentStore.StoredFaceEmbedding] = []
        try store.forEachFaceEmbedding { stored.append($0) }
        #expect(!stored.isEmpty && stored.allSatisfy { $0.cameraId == "opted-in" })
        #expect(Set(stored.map(\.sightingId)).isSubset(of: Set(faces.compactMap(\.id))))
        #expect(stored.allSatisfy { FaceEmbedding(bytes: [UInt8]($0.bytes)) != nil }, "128 Float32 values each")
        #expect(try store.sightings(camera: "default").isEmpty && store.faceEmbeddingCount(camera: "default") == 0)
    }

    @Test func retentionDeletesEachCamerasEmbeddingsAfterItsDaysAndKeepsTheSightings() async throws {
        let store = try IncidentStore()
        for id in ["gate", "market", "gone"] { try store.save(Camera(id: id, name: id, kind: .fixed, url: "rtsp://\(id)")) }
        for (camera, days) in [("gate", 2.0), ("gate", 5.0), ("market", 5.0), ("gone", 6.0), ("gone", 9.0)] {
            let time = Date().addingTimeInterval(-days * 86_400)
            try store.record(Sighting(cameraId: camera, kind: .face, firstSeen: time, lastSeen: time, bestTime: time,
                                      mediaOffset: 0, box: (0, 0, 40, 40), confidence: 0, frames: 3),
                             faceEmbedding: [UInt8](repeating: 0, count: 512))
        }
        let retention = RetentionService(store: store, sightingsDays: 365, snapshotsDays: nil,
                                         faceEmbeddingDays: { ["gate": 3, "market": 7] }, logger: Logger(label: "test"))
        await retention.pass()
        #expect(try store.faceEmbeddingCount(camera: "gate") == 1)
        #expect(try store.faceEmbeddingCount(camera: "market") == 1)
        #expect(try store.faceEmbeddingCount(camera: "gone") == 1, "a camera no longer configured: the default 7 days")
        #expect(try store.sightings(kind: .face).count == 5)
    }
}
