public import Foundation
public import Incidents
public import Recognition
public import Server
public import Severities
import Toolkit

/// The API's face work on the process's dlib models: enrolment of uploaded photos and search by photo, both
/// decoded in memory with the refusals of `PhotoError`. The models run on the blocking pool, never on the
/// concurrency pool.
public struct FaceModelService: FaceService {
    let store: any MaintenanceStore
    let search: FaceSearch
    /// Where uploaded enrolment photos are kept, so the watchlist can show them (nil: not kept).
    let photos: String?

    /// On either back end. Nil when the face models are not installed (the API then answers 503 for photo routes).
    public init?(on store: any MaintenanceStore & FaceEmbeddingStore, models: ModelPaths = .default, photos: String? = nil) {
        guard (try? models.checkFaceModels()) != nil else { return nil }
        self.store = store
        self.photos = photos
        search = FaceSearch(store: store, models: models)
    }

    public init?(store: IncidentStore, models: ModelPaths = .default, photos: String? = nil) {
        self.init(on: store.async, models: models, photos: photos)
    }

    public func enrol(photo: Data, name: String, list: String, severity: Severity, reason: String?) async throws -> WatchlistIdentity {
        let (search, photos) = (search, photos)
        let sample = try await Blocking.run {
            let embedding = try search.embedding(ofPhoto: photo)
            let kept = try photos.map { try Self.keep(photo, in: $0) } ?? "upload (\(photo.count) bytes)"
            return FaceSample(embedding: Data(embedding.bytes), photo: kept)
        }
        return try await store.enrol(WatchlistIdentity(name: name, list: list, severity: severity, reason: reason), samples: [sample])
    }

    /// Writes an accepted photo (its face was found) under a random name in `directory`, created when missing, and
    /// returns its path. Blocking.
    static func keep(_ photo: Data, in directory: String) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let suffix = ImageBytes.contentType(of: photo) == "image/png" ? "png" : "jpg"
        let path = URL(fileURLWithPath: directory).appendingPathComponent("\(UUID().uuidString).\(suffix)").path
        try photo.write(to: URL(fileURLWithPath: path), options: .atomic)
        return path
    }

    public func search(photo: Data, cameras: [String], from: Date?, to: Date?, limit: Int) async throws -> [FaceMatch] {
        let query = FaceSearch.Query(cameras: cameras.isEmpty ? nil : cameras, from: from, to: to, limit: limit)
        return try await search.search(photo: photo, query).map { FaceMatch(sightingId: $0.sightingId, distance: $0.distance) }
    }
}
