public import Incidents
import Foundation

/// Turns enrolment photos into face samples: each photo must show exactly one face.
public struct Enrolment {
    private let engine: FaceEngine

    public init(engine: FaceEngine) { self.engine = engine }

    /// The sample of one photo, or an error saying why the photo cannot be used.
    public func sample(from path: String) throws -> FaceSample {
        let embedding = try engine.embedOnlyFace(in: try Photo(path: path, maxWidth: Self.photoWidth), name: path)
        return FaceSample(embedding: Data(embedding.bytes), photo: URL(fileURLWithPath: path).standardizedFileURL.path)
    }

    /// Photos are scaled to this width, then searched at double size (see `embedOnlyFace`).
    static let photoWidth = 1600
}

extension FaceEngine {
    /// The embedding of the one face in a photo (enrolment, search by photo); a photo with none or several is
    /// refused with a `PhotoError` saying what photo to use instead.
    func embedOnlyFace(in photo: Photo, name: String) throws -> FaceEmbedding {
        // Photos are searched at double size: a photo must not miss a small face and keep a wrong one.
        let faces = try detect(in: photo.image, upsample: 1)
        switch faces.count {
        case 0: throw PhotoError(.noFace, "\(name): no face found; use a clear, frontal photo")
        case 1: return try embed(faces[0], in: photo.image)
        default: throw PhotoError(.severalFaces, "\(name): \(faces.count) faces found; use a photo of this person alone")
        }
    }
}
