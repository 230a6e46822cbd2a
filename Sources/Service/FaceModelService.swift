public import Foundation
public import Incidents
import Media
import Pipeline
public import Recognition
public import Server

/// The API's face work on the process's dlib models: enrolment of uploaded photos, search by photo. Each call
/// takes an engine (a copy of the parsed models) on a thread of its own, never on the concurrency pool.
public struct FaceModelService: FaceService {
    let store: IncidentStore
    let models: ModelPaths

    /// Nil when the face models are not installed (the API then answers 503 for photo routes).
    public init?(store: IncidentStore, models: ModelPaths = .default) {
        guard (try? models.checkFaceModels()) != nil else { return nil }
        self.store = store
        self.models = models
    }

    public func enrol(photo: Data, name: String, list: String, severity: String, reason: String?) async throws -> WatchlistIdentity {
        let (store, models) = (store, models)
        return try await runOnThread {
            let sample = try UploadedPhoto.withFile(photo) { path in
                try Enrolment(engine: try FaceEngine(models: models)).sample(from: path)
            }
            var stored = sample
            stored.photo = "upload:\(name)"
            return try store.enrol(WatchlistIdentity(name: name, list: list, severity: severity, reason: reason), samples: [stored])
        }
    }

    public func search(photo: Data, cameras: [String], from: Date?, to: Date?, limit: Int) async throws -> [FaceMatch] {
        throw PhotoRefusal("search by photo needs stored faces; not available yet")
    }
}

/// An uploaded photo written to a private temporary file for the decoders, removed afterwards. Refusals from
/// the decoders (not an image, no face, several faces) become `PhotoRefusal`s with the reason and no path.
enum UploadedPhoto {
    static func withFile<Result>(_ bytes: Data, _ body: (String) throws -> Result) throws -> Result {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("sharpeyes-upload-\(UUID().uuidString)").path
        guard FileManager.default.createFile(atPath: path, contents: bytes, attributes: [.posixPermissions: 0o600]) else {
            throw PhotoRefusal("the photo could not be stored for reading")
        }
        defer { try? FileManager.default.removeItem(atPath: path) }
        do { return try body(path) } catch let error as RecognitionError {
            throw refusal(error, path)
        } catch let error as MediaError {
            throw refusal(error, path)
        }
    }

    /// The reason without the temporary path (a server path is nobody's business).
    private static func refusal(_ error: any Error, _ path: String) -> PhotoRefusal {
        let text = "\(error)".replacingOccurrences(of: path + ": ", with: "").replacingOccurrences(of: path, with: "the photo")
        return PhotoRefusal(text.replacingOccurrences(of: "is not a video FFmpeg can read", with: "is not an image this server can read"))
    }
}
