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

/// The MTCNN face detector (`face_detector: mtcnn`): the real networks from `scripts/install-mtcnn-models.sh` on
/// real photos, its errors, and how the settings choose it.
struct MTCNNDetectorTests {
    let engine: FaceEngine

    init() throws { engine = try FaceEngine(models: .default) }

    func photo(_ file: String) throws -> Image { try Photo(path: Fixtures.path(file)).image }

    @Test func findsBothFacesOfADevelopmentPhotoWhereHOGDoes() throws {
        let image = try photo("faces/probes/two_people.jpg")
        let mtcnn = try engine.detect(in: image, with: .mtcnn, upsample: 0)
        let hog = try engine.detect(in: image, with: .hog, upsample: 0)
        #expect(mtcnn.count == 2, "\(mtcnn)")
        #expect(hog.count == 2, "\(hog)")
        for face in hog {
            #expect(mtcnn.contains { $0.box.overlap(face.box) > 0.5 }, "HOG's \(face.box) among MTCNN's \(mtcnn.map(\.box))")
        }
        #expect(mtcnn.allSatisfy { $0.score > 0.7 && $0.score <= 1 })
    }

    /// Its box, made HOG-shaped, leads the landmarks and the ResNet to the same person: face_recognition's reference
    /// distances hold (obama–obama2 0.35, obama–biden 0.84).
    @Test func itsFacesEmbedAsHOGsDo() throws {
        func embedding(_ file: String, _ detector: FaceDetector) throws -> FaceEmbedding {
            let image = try photo("faces/probes/\(file)")
            let faces = try engine.detect(in: image, with: detector, upsample: 0)
            try #require(faces.count == 1, "\(file): one face, found \(faces.count)")
            return try engine.embed(faces[0], in: image)
        }
        let obama = try embedding("obama.jpg", .mtcnn)
        #expect(obama.distance(to: try embedding("obama.jpg", .hog)) < 0.15)
        #expect(obama.distance(to: try embedding("obama2.jpg", .mtcnn)) < 0.45)
        #expect(obama.distance(to: try embedding("biden.jpg", .mtcnn)) > 0.7)
    }

    @Test func findsNoFaceInAFacelessFrame() throws {
        let image = try photo("plates/2d2723313e.jpg")  // a 1280x720 street frame: cars and a plate, no one
        #expect(try engine.detect(in: image, with: .mtcnn, upsample: 0).isEmpty)
    }

    @Test func theMinimumFaceIsHalvedPerUpsampleStep() {
        #expect(FaceDetector.mtcnn.window(upsample: 0) == Double(FaceDetector.mtcnnMinimumFace))
        #expect(FaceDetector.mtcnn.window(upsample: 1) == Double(FaceDetector.mtcnnMinimumFace) / 2)
        #expect(FaceDetector.mtcnn.window(upsample: 2) >= 12, "P-net's own window")
        #expect(FaceDetector.hog.window(upsample: 0) == 80)
    }

    @Test func aMissingModelFileIsAClearError() throws {
        let folder = try temporaryDirectory("mtcnn")
        var paths = ModelPaths(directory: folder.path)
        paths.onnxRuntime = ModelPaths.default.onnxRuntime
        #expect { try MTCNNDetector.shared(models: paths) } throws: { error in
            let error = error as? RecognitionError
            return error?.kind == .model && error?.message.contains("mtcnn_pnet.onnx is missing: run scripts/setup.sh") == true
        }
        // Through the face engine, as the face stage calls it.
        let engine = try FaceEngine(models: paths.withFaceModels(from: .default))
        let image = try photo("faces/probes/obama.jpg")
        #expect { try engine.detect(in: image, with: .mtcnn, upsample: 0) } throws: { error in
            (error as? RecognitionError)?.kind == .model
        }
    }

    @Test func aBrokenModelFileIsAClearError() throws {
        let folder = try temporaryDirectory("mtcnn")
        var paths = ModelPaths(directory: folder.path)
        paths.onnxRuntime = ModelPaths.default.onnxRuntime
        for path in [paths.mtcnnProposal, paths.mtcnnRefine, paths.mtcnnOutput] {
            try "not a network".write(toFile: path, atomically: true, encoding: .utf8)
        }
        #expect { try MTCNNDetector.shared(models: paths) } throws: { error in
            let error = error as? RecognitionError
            return error?.kind == .model && error?.message.contains("cannot load the MTCNN models") == true
        }
    }

    @Test func aGrayImageIsRefused() throws {
        let detector = try MTCNNDetector.shared(models: .default)
        let gray = Image(width: 64, height: 64, format: .gray8, pixels: [UInt8](repeating: 0, count: 64 * 64))
        #expect(throws: RecognitionError.self) { try detector.detect(in: gray) }
        let rgb = try photo("faces/probes/obama.jpg")
        #expect(throws: RecognitionError.self) { try detector.detect(in: rgb, minimumFace: 8) }
    }

    /// The face stage with MTCNN on real footage: the Hamilton clip's one incident (Lin-Manuel Miranda), none for
    /// Alex Lacamoire, as with HOG (`FaceAnalysisTests`).
    @Test func theFaceStageWithMTCNNFindsTheHamiltonIncident() async throws {
        let directory = try temporaryDirectory("mtcnn")
        let store = try IncidentStore(path: directory.appendingPathComponent("db.sqlite").path)
        let enrolment = Enrolment(engine: engine)
        try store.enrol(WatchlistIdentity(name: "Lin-Manuel Miranda", list: "wanted", severity: .high),
                        samples: [try enrolment.sample(from: Fixtures.path("faces/probes/lin-manuel-miranda.png"))])
        try store.enrol(WatchlistIdentity(name: "Alex Lacamoire", list: "wanted", severity: .high),
                        samples: [try enrolment.sample(from: Fixtures.path("faces/probes/alex-lacamoire.png"))])
        let watchlist = try FaceWatchlist(store: store)
        let settings = { var settings = FaceSettings(); settings.detector = .mtcnn; return settings }()
        var options = AnalysisOptions()
        options.sampling = .fps(5)
        let analysis = Analysis(
            url: Fixtures.hamilton, camera: Camera(id: "stage", name: "stage", kind: .file, url: Fixtures.hamilton),
            store: store, options: options,
            stages: { _ in [FaceStage(engine: try FaceEngine(models: .default), watchlist: watchlist, settings: settings)] },
            trackers: { [FaceTracker()] }, logger: Logger(label: "test"))
        let summary = try await analysis.run()
        #expect(try store.incidents().map(\.subject) == ["Lin-Manuel Miranda"])
        #expect(summary.hits["Alex Lacamoire"] == nil)
        let sighting = try #require(try store.sightings(kind: .face).first { $0.label == "Lin-Manuel Miranda" })
        #expect(sighting.frames >= 2)
    }

    // MARK: Settings

    func recognition(_ yaml: String) throws -> ServeConfig {
        try ServeConfig(yaml: "storage: {database: /tmp/sharpeyes-test/db.sqlite}\n" + yaml, baseDirectory: "/etc/sharpeyes",
                        environment: [:])
    }

    @Test func theConfigChoosesTheDetectorAndHOGIsTheDefault() throws {
        #expect(FaceSettings.default.detector == .hog)
        #expect(try recognition("").recognition.settings.face.detector == .hog)
        #expect(try recognition("recognition: {face_detector: mtcnn}\n").recognition.settings.face.detector == .mtcnn)
        #expect(try recognition("recognition: {face_detector: hog}\n").recognition.settings.face.detector == .hog)
    }

    @Test(arguments: ["cnn", "MTCNN", "1"])
    func anUnknownDetectorIsRefusedWithItsPath(name: String) throws {
        #expect { try recognition("recognition: {face_detector: \(name)}\n") } throws: { error in
            "\(error)".contains("recognition.face_detector: expected hog | mtcnn, got '\(name)'")
        }
    }

    @Test func analyzeRefusesAnUnknownDetector() async throws {
        let db = try temporaryDirectory("mtcnn").appendingPathComponent("db.sqlite").path
        let run = try await SharpEyesBinary.run(["analyze", Fixtures.hamilton, "--db", db, "--face-detector", "cnn"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("error: --face-detector must be hog | mtcnn, got 'cnn'"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: db), "nothing stored")
    }
}

private extension ModelPaths {
    /// These paths with `other`'s dlib landmark and embedding models.
    func withFaceModels(from other: ModelPaths) -> ModelPaths {
        var paths = self
        paths.faceLandmarks = other.faceLandmarks
        paths.faceEmbedding = other.faceEmbedding
        return paths
    }
}
