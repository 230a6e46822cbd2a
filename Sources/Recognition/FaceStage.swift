import Media
public import Pipeline
import Incidents

/// Settings of face detection and matching.
public struct FaceSettings: Sendable {
    /// Enlarge the analysis image 2^n times before HOG detection (1 finds faces down to about 40 px; slower).
    public var upsample = 0
    /// Largest embedding distance that counts as the same person (face_recognition's video example uses 0.5).
    public var tolerance = 0.5
    /// Faces smaller than this (full-resolution pixels, shorter side) are not matched: too little detail.
    public var minimumSize = 36
    /// Faces whose variance of the Laplacian is below this are too blurred to match.
    public var minimumSharpness = 8.0
    /// Embed every sharp face, not only while the watchlist has someone: the camera keeps the embeddings of faces
    /// that match no one (search by photo). Set with `FaceTrackSettings.storesUnknownEmbeddings`.
    public var embedsEveryFace = false

    public init() {}
}

/// What the face stage tells the face tracker about one face.
public struct FaceObservation: Sendable {
    /// Index into the watchlist and distance of the nearest identity, when within tolerance.
    public let match: FaceWatchlist.Match?
    /// Distance to the nearest identity, even beyond tolerance (for reports).
    public let nearestDistance: Double?
    public let sharpness: Double
    /// The matched identity itself (the watchlist may be replaced before the tracker decides).
    public var identity: FaceWatchlist.Entry? = nil
    /// The face's embedding, when it was embedded (a sharp face while the watchlist has someone, or every sharp face
    /// at a camera that keeps unknown faces): the tracker tells people apart by it.
    public var embedding: FaceEmbedding? = nil
    /// The picture changed as a whole just before this frame (`SceneCut`): no track continues into it.
    public var afterSceneCut = false
}

/// Finds faces (dlib HOG), embeds them (ResNet) and matches them to the watchlist.
public struct FaceStage: Stage {
    public let name = "face"
    private let engine: FaceEngine
    private let watchlists: Watchlists
    private let settings: FaceSettings
    private let needsWatchlist: Bool

    /// - Parameters:
    ///   - watchlists: read for every frame, so changes reach a running camera.
    ///   - needsWatchlist: detect nothing while the watchlist is empty (nothing could match; detection is what costs).
    public init(engine: FaceEngine, watchlists: Watchlists, settings: FaceSettings, needsWatchlist: Bool = false) {
        self.engine = engine
        self.watchlists = watchlists
        self.settings = settings
        self.needsWatchlist = needsWatchlist
    }

    public init(engine: FaceEngine, watchlist: FaceWatchlist, settings: FaceSettings) {
        self.init(engine: engine, watchlists: Watchlists(faces: watchlist), settings: settings)
    }

    public func analyze(_ input: StageInput) throws -> [Detection] {
        let watchlist = watchlists.faces
        if needsWatchlist && watchlist.entries.isEmpty { return [] }
        let image = try input.image()
        let scale = input.analysisScale
        return try engine.detect(in: image, upsample: settings.upsample).compactMap { face in
            let box = face.box.scaled(by: scale)
            guard min(box.width, box.height) >= settings.minimumSize else { return nil }
            let sharpness = Sharpness.laplacianVariance(of: image, in: face.box)
            var observation = FaceObservation(match: nil, nearestDistance: nil, sharpness: sharpness,
                                              afterSceneCut: input.isSceneCut)
            if sharpness >= settings.minimumSharpness, settings.embedsEveryFace || !watchlist.entries.isEmpty {
                let embedding = try engine.embed(face, in: image)
                let nearest = watchlist.nearest(to: embedding)
                let match = nearest.flatMap { $0.distance <= settings.tolerance ? $0 : nil }
                observation = FaceObservation(match: match, nearestDistance: nearest?.distance, sharpness: sharpness,
                                              identity: match.map { watchlist.entries[$0.entry] },
                                              embedding: embedding, afterSceneCut: input.isSceneCut)
            }
            return Detection(kind: .face, box: box, confidence: face.score,
                             label: observation.match.map { watchlist.entries[$0.entry].name }, payload: observation)
        }
    }
}
