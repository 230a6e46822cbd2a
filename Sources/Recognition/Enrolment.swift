public import Incidents
import Foundation

/// Turns enrolment photos into face samples: each photo must show exactly one face.
public struct Enrolment {
    private let engine: FaceEngine

    public init(engine: FaceEngine) { self.engine = engine }

    /// The sample of one photo, or an error saying why the photo cannot be used.
    public func sample(from path: String) throws -> FaceSample {
        let photo = try Photo(path: path, maxWidth: 1600)
        // Photos are searched at double size: an enrolment must not miss a small face and keep a wrong one.
        let faces = try engine.detect(in: photo.image, upsample: 1)
        switch faces.count {
        case 0: throw RecognitionError.badInput("\(path): no face found; use a clear, frontal photo")
        case 1: break
        default: throw RecognitionError.badInput("\(path): \(faces.count) faces found; use a photo of this person alone")
        }
        let embedding = try engine.embed(faces[0], in: photo.image)
        return FaceSample(embedding: Data(embedding.bytes), photo: URL(fileURLWithPath: path).standardizedFileURL.path)
    }
}
