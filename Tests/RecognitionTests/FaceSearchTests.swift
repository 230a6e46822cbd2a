import Foundation
import Incidents
import Logging
import Media
import Pipeline
import Recognition
import Service
import TestSupport
import Testing

/// Search by photo over the real clip (9 s, 2 s to analyse), analysed by a camera that keeps unknown faces, with an
/// empty watchlist: two face passes, Lin-Manuel Miranda's (best frame at 4.6 s; `FaceAnalysisTests` finds him there
/// when he is enrolled) and someone else's at 7.4 s.
struct FaceSearchTests {
    private func photo(_ file: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: Fixtures.path(file)))
    }

    private func analyseHamilton() async throws -> IncidentStore {
        let store = try IncidentStore()
        var face = FaceSettings(), track = FaceTrackSettings()
        face.embedsEveryFace = true
        track.storesUnknownEmbeddings = true
        let analysis = Analysis(
            url: Fixtures.hamilton, camera: Camera(id: "stage", name: "stage", kind: .file, url: Fixtures.hamilton),
            store: store, options: AnalysisOptions(),
            stages: { [face] _ in [FaceStage(engine: try FaceEngine(models: .default), watchlists: Watchlists(), settings: face)] },
            trackers: { [track] in [FaceTracker(settings: track)] }, logger: Logger(label: "test"))
        _ = try await analysis.run()
        return store
    }

    @Test func findsThePersonOfThePhotoAndNoOneElse() async throws {
        let store = try await analyseHamilton()
        let unknown = try store.sightings(kind: .face)
        #expect(unknown.count >= 2 && unknown.allSatisfy { $0.label == nil })
        #expect(try store.faceEmbeddingCount() == unknown.count, "every unknown pass has its embedding")
        let search = FaceSearch(store: store)

        let hits = try await search.search(photo: try photo("faces/probes/lin-manuel-miranda.png"))
        let first = try #require(hits.first)
        let sighting = try #require(unknown.first { $0.id == first.sightingId })
        #expect(abs(sighting.mediaOffset - 4.6) < 0.2, "his pass, not the other face's")
        #expect(first.cameraId == "stage" && first.distance < 0.45 && first.seenAt == sighting.bestTime)
        #expect(hits.allSatisfy { $0.distance <= FaceSearch.defaultTolerance })
        #expect(hits == hits.sorted { $0.distance < $1.distance })

        #expect(try await search.search(photo: try photo("faces/probes/obama.jpg")).isEmpty, "not in the clip")
        let everyone = try await search.search(photo: try photo("faces/probes/obama.jpg"), .init(tolerance: 2, limit: 1))
        #expect(everyone.count == 1, "the limit caps the hits")
        let elsewhere = FaceSearch.Query(cameras: ["other"])
        #expect(try await search.search(photo: try photo("faces/probes/lin-manuel-miranda.png"), elsewhere).isEmpty)
        let later = FaceSearch.Query(from: sighting.bestTime.addingTimeInterval(1))
        #expect(try await search.search(photo: try photo("faces/probes/lin-manuel-miranda.png"), later).isEmpty)
    }

    static let refused: [(String, PhotoError.Kind)] = [
        ("not-a-video.mp4", .notAnImage),
        ("short_hamilton_clip.mp4", .notAnImage),
        ("plates/2d2723313e.jpg", .noFace),
        ("faces/probes/two_people.jpg", .severalFaces),
    ]

    @Test(arguments: refused)
    func photoIsRefusedWithItsKind(file: String, kind: PhotoError.Kind) async throws {
        let search = FaceSearch(store: try IncidentStore())
        await #expect { try await search.search(photo: try photo(file)) } throws: { error in
            (error as? PhotoError)?.kind == kind && !"\(error)".contains("base64")
        }
    }

    @Test func playlistsAndHugeUploadsAreRefusedBeforeDecoding() async throws {
        let search = FaceSearch(store: try IncidentStore())
        let playlist = Data("#EXTM3U\n#EXTINF:1,\nfile:///etc/passwd\n".utf8)
        await #expect { try await search.search(photo: playlist) } throws: { ($0 as? PhotoError)?.kind == .notAnImage }
        let huge = Data(count: Photo.maximumBytes + 1)
        await #expect { try await search.search(photo: huge) } throws: { error in
            (error as? PhotoError)?.kind == .tooLarge && "\(error)".contains("at most 20 MB")
        }
    }
}
