import CGlibcExtras
public import Foundation
public import Incidents
import Media
import Synchronization
import Toolkit

/// Search by photo: the sightings of faces that matched no one (kept by cameras with `store_unknown_faces`) whose
/// embedding lies within tolerance of the one face in a photo, best first. Watchlist hits are not searched here:
/// they are found by identity.
///
/// ```swift
/// let search = FaceSearch(store: store)
/// let hits = try await search.search(photo: upload, FaceSearch.Query(cameras: ["gate-1"], limit: 20))
/// for hit in hits { print(hit.sightingId, hit.cameraId, hit.seenAt, hit.distance) }
/// ```
/// The photo is refused as enrolment refuses one (`PhotoError`: not an image, too large, no face, several faces).
public struct FaceSearch: Sendable {
    /// Which faces to search and how many hits to return.
    public struct Query: Sendable, Equatable {
        /// Only these cameras; nil searches all.
        public var cameras: [String]?
        /// Only faces seen at or after / at or before these times (`seenAt`, the sighting's best frame).
        public var from: Date?
        public var to: Date?
        /// Largest distance that counts as a hit.
        public var tolerance: Double
        /// At most this many hits, the nearest (clamped to 1...`FaceSearch.maximumLimit`).
        public var limit: Int

        public init(cameras: [String]? = nil, from: Date? = nil, to: Date? = nil,
                    tolerance: Double = FaceSearch.defaultTolerance, limit: Int = 50) {
            self.cameras = cameras
            self.from = from
            self.to = to
            self.tolerance = tolerance
            self.limit = limit
        }
    }

    /// A stored face within tolerance of the photo's.
    public struct Hit: Sendable, Equatable, Codable {
        public let sightingId: Int64
        public let cameraId: String
        public let seenAt: Date
        public let distance: Double

        public init(sightingId: Int64, cameraId: String, seenAt: Date, distance: Double) {
            self.sightingId = sightingId
            self.cameraId = cameraId
            self.seenAt = seenAt
            self.distance = distance
        }
    }

    /// dlib's own threshold for "same person". Looser than the watchlist's 0.5: a search returns candidates, best
    /// first, for a person to look at; an alert is raised by no one.
    public static let defaultTolerance = 0.6
    public static let maximumLimit = 1000

    private let store: any FaceEmbeddingStore
    private let models: ModelPaths

    /// On either back end: the SQLite file's async store or PostgreSQL's.
    public init(store: any FaceEmbeddingStore, models: ModelPaths = .default) {
        self.store = store
        self.models = models
    }

    public init(store: IncidentStore, models: ModelPaths = .default) {
        self.init(store: store.async, models: models)
    }

    /// The face is found on the blocking pool (the models block, and must not hold the cooperative pool, HTTP handlers
    /// and cameras, for the second or so it takes); the stored faces are then scanned by the store's async read.
    public func search(photo: Data, _ query: Query = Query()) async throws -> [Hit] {
        let probe = try await Blocking.run { [self] in try embedding(ofPhoto: photo) }
        return try await search(near: probe, query)
    }

    /// The embedding of the one face in a JPEG or PNG photo, found and refused as enrolment does. Blocking.
    ///
    /// A search allocates much for a moment (the upload as a `data:` URL, the decoded and scaled photo, the HOG
    /// pyramid, a copy of the models), each time on a new thread: glibc keeps what is freed in that thread's arena,
    /// so the process only grew (issue 27: RSS 1.08 → 1.9 GB after 200 searches). `malloc_trim` hands the free pages
    /// of every arena back: `Benchmarks/search-memory.sh 200` (debug build) 268 → 345 MB without it, 141 → 156 MB with.
    public func embedding(ofPhoto bytes: Data) throws -> FaceEmbedding {
        defer { malloc_trim(0) }
        return try embedOnlyFace(ofPhoto: bytes)
    }

    /// Everything a search allocates lives within this call, so it is freed when the trim above runs.
    private func embedOnlyFace(ofPhoto bytes: Data) throws -> FaceEmbedding {
        let photo = try Photo(bytes: bytes, maxWidth: Enrolment.photoWidth)
        try models.checkFaceModels()
        return try FaceEngine(models: models).embedOnlyFace(in: photo, name: "the photo")
    }

    /// The stored faces nearest to `probe`, best first. Rows stream from a cursor into a heap of `limit` hits, so
    /// memory stays bounded however many faces are stored.
    public func search(near probe: FaceEmbedding, _ query: Query = Query()) async throws -> [Hit] {
        let best = Mutex(NearestHits(limit: min(max(query.limit, 1), Self.maximumLimit)))
        let filter = IncidentStore.FaceEmbeddingFilter(cameras: query.cameras, from: query.from, to: query.to)
        try await store.forEachFaceEmbedding(filter) { stored in
            guard let distance = probe.distance(toStored: stored.bytes), distance <= query.tolerance else { return }
            let hit = Hit(sightingId: stored.sightingId, cameraId: stored.cameraId, seenAt: stored.seenAt, distance: distance)
            best.withLock { $0.offer(hit) }
        }
        return best.withLock { $0.sorted }
    }
}
