import Foundation
import Media
import Recognition
import TestSupport
import Testing

/// The reference photos and distances of face_recognition (shared/data/faces, copied to Fixtures/faces).
struct FaceEngineTests {
    let engine: FaceEngine

    init() throws { engine = try FaceEngine(models: .default) }

    func embedding(_ file: String) throws -> FaceEmbedding {
        let photo = try Photo(path: Fixtures.path("faces/\(file)"))
        let faces = try engine.detect(in: photo.image)
        try #require(faces.count == 1, "\(file): one face, found \(faces.count)")
        return try engine.embed(faces[0], in: photo.image)
    }

    @Test func referenceDistancesMatchFaceRecognition() throws {
        let obama = try embedding("probes/obama.jpg")
        let obama2 = obama.distance(to: try embedding("probes/obama2.jpg"))
        let obama3 = obama.distance(to: try embedding("probes/obama3.jpg"))
        let biden = obama.distance(to: try embedding("probes/biden.jpg"))
        // face_recognition: 0.35, 0.33, 0.84 (PIL decodes JPEG slightly differently from FFmpeg).
        #expect(abs(obama2 - 0.3457) < 0.03, "obama–obama2 \(obama2)")
        #expect(abs(obama3 - 0.3321) < 0.03, "obama–obama3 \(obama3)")
        #expect(abs(biden - 0.8402) < 0.03, "obama–biden \(biden)")
    }

    @Test func embeddingRoundTripsThroughBytes() throws {
        let obama = try embedding("probes/obama.jpg")
        #expect(FaceEmbedding(bytes: obama.bytes) == obama)
        #expect(FaceEmbedding(bytes: [1, 2, 3]) == nil)
    }

    @Test func missingModelIsAClearError() {
        #expect { try FaceEngine(models: ModelPaths(directory: "/nonexistent")) } throws: { error in
            "\(error)".contains("cannot load face models")
        }
    }
}
