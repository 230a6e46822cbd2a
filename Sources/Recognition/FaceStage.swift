import Media
import Synchronization
public import AnalysisKit
import Incidents

/// Settings of face detection and matching.
public struct FaceSettings: Sendable, Equatable {
    /// The face detector: HOG, or MTCNN (`FaceDetector`); the landmarks and embedding are dlib's either way.
    public var detector = FaceDetector.hog
    /// Enlarge the analysis image 2^n times before detection (HOG at 1 finds faces down to about 40 px; slower). For
    /// MTCNN, halves its minimum face per step instead.
    public var upsample = 0
    /// Largest embedding distance that counts as the same person (face_recognition's video example uses 0.5).
    public var tolerance = 0.5
    /// Faces smaller than this (full-resolution pixels, shorter side) are not matched: too little detail.
    public var minimumSize = 36
    /// Faces whose variance of the Laplacian is below this are too blurred to match.
    public var minimumSharpness = 8.0
    /// Faces down to this size (full-resolution pixels) are looked for where the frame shows motion, in enlarged crops
    /// of the full-resolution frame: HOG's 80-px window misses faces under 80 analysis pixels (120 px of a 1080p
    /// camera analysed at 1280; MTCNN's 40 px, 60). 0: off.
    public var smallFaceSize = 40
    /// Pixels of enlarged crop searched for small faces per frame: bounds the cost (HOG takes about 0.1 s per
    /// million pixels on one core). A larger motion region is enlarged less.
    public var smallFacePixels = 600_000
    /// Where nothing moved (`Attention.still`, or outside the motion regions), the whole picture is searched at most
    /// once per this many seconds of media, per camera: for a face that came into view without moving enough to
    /// be seen as motion. Faces found in the last `FaceTrackSettings.maximumGap` (1 s) are looked for again on every
    /// frame around where they were (`RecentFaces`), so people standing still keep their tracks without a
    /// whole-picture search. 0: every frame.
    public var stillSearchInterval = 2.0
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

/// Finds faces (dlib HOG or MTCNN), embeds them (ResNet) and matches them to the watchlist.
public struct FaceStage: Stage {
    public let name = "face"
    private let engine: FaceEngine
    private let watchlists: Watchlists
    private let settings: FaceSettings
    private let needsWatchlist: Bool
    /// When the camera last searched the whole picture; shared by its workers.
    private let wholeSearch: WholeFrameBudget
    /// Where the camera's faces were last found; shared by its workers.
    private let recent: RecentFaces
    /// Scales motion regions of the full-resolution frame for the region and small-face searches (one per instance).
    private let regionScaler = Scaler(format: .rgb24, maxWidth: 8192)

    /// - Parameters:
    ///   - watchlists: read for every frame, so changes reach a running camera.
    ///   - needsWatchlist: detect nothing while the watchlist is empty (nothing could match; detection is what costs).
    ///   - wholeSearch: shared by the stages of one camera's workers, so a still picture is searched once per
    ///     `stillSearchInterval` per camera, not per worker.
    ///   - recent: shared the same way, so a face one worker found is looked for again by the next.
    public init(engine: FaceEngine, watchlists: Watchlists, settings: FaceSettings, needsWatchlist: Bool = false,
                wholeSearch: WholeFrameBudget = WholeFrameBudget(), recent: RecentFaces = RecentFaces()) {
        self.engine = engine
        self.watchlists = watchlists
        self.settings = settings
        self.needsWatchlist = needsWatchlist
        self.wholeSearch = wholeSearch
        self.recent = recent
    }

    public init(engine: FaceEngine, watchlist: FaceWatchlist, settings: FaceSettings) {
        self.init(engine: engine, watchlists: Watchlists(faces: watchlist), settings: settings)
    }

    public func analyze(_ input: StageInput) throws -> [Detection] {
        let watchlist = watchlists.faces
        if needsWatchlist && watchlist.entries.isEmpty { return [] }
        let found = try facesAtAnalysisScale(in: input)
        let small = try smallFaces(in: input, besides: found.map(\.box))
        return try (found + small).compactMap { found in
            let face = try fullResolution(found, in: input)
            let box = face.box
            guard min(box.width, box.height) >= settings.minimumSize else { return nil }
            let image = try input.image()
            let sharpness = Sharpness.laplacianVariance(of: image, in: box.scaled(by: 1 / input.analysisScale))
            var observation = FaceObservation(match: nil, nearestDistance: nil, sharpness: sharpness,
                                              afterSceneCut: input.isSceneCut)
            if sharpness >= settings.minimumSharpness, settings.embedsEveryFace || !watchlist.entries.isEmpty {
                let embedding = try engine.embed(face.face, in: face.picture)
                let nearest = watchlist.nearest(to: embedding)
                let match = nearest.flatMap { $0.distance <= settings.tolerance ? $0 : nil }
                observation = FaceObservation(match: match, nearestDistance: nearest?.distance, sharpness: sharpness,
                                              identity: match.map { watchlist.entries[$0.entry] },
                                              embedding: embedding, afterSceneCut: input.isSceneCut)
            }
            return Detection(kind: .face, box: box, confidence: face.face.score,
                             label: observation.match.map { watchlist.entries[$0.entry].name }, payload: observation)
        }
    }

    /// Faces at the analysis size, where the frame's `attention` says: the whole picture; the regions that moved and
    /// around the faces found in the last second; and the whole picture once per `stillSearchInterval` wherever
    /// nothing moved.
    private func facesAtAnalysisScale(in input: StageInput) throws -> [FoundFace] {
        let attention = input.attention, time = input.frame.time
        if attention == .wholeFrame { wholeSearch.restart(at: time) }
        if attention == .wholeFrame || wholeSearch.take(at: time, interval: settings.stillSearchInterval) {
            let image = try input.image()
            let faces = try engine.detect(in: image, with: settings.detector, upsample: settings.upsample).map {
                FoundFace(face: $0, picture: image, scale: input.analysisScale, origin: (0, 0))
            }
            recent.note(faces.map(\.box), at: time)
            return faces
        }
        var moved: [Box] = []
        if case .regions(let regions) = attention { moved = regions }
        let frame = input.frame
        let known = recent.around(time).map { $0.expanded(by: RecentFaces.margin, within: frame.width, frame.height) }
        let regions = known.isEmpty ? moved : MotionRegions.merged(moved + known, margin: 0, within: frame.width, frame.height)
        var faces: [FoundFace] = []
        defer { recent.note(faces.map(\.box), at: time) }
        for region in regions {
            let crop = try input.frame.cropped(to: region)
            let width = Int((Double(crop.width) / input.analysisScale).rounded())
            let height = Int((Double(crop.height) / input.analysisScale).rounded())
            // Smaller than the detector's smallest face even when upsampled: no face at this scale fits (the
            // small-face search looks).
            guard Double(min(width, height)) >= settings.detector.window(upsample: settings.upsample) else { continue }
            let picture = try regionScaler.convert(crop, width: width, height: height)
            faces += try engine.detect(in: picture, with: settings.detector, upsample: settings.upsample).map {
                FoundFace(face: $0, picture: picture, scale: Double(crop.width) / Double(width), origin: (region.x, region.y))
            }
        }
        return faces
    }

    /// MTCNN finds faces down to 40 px in the scaled-down analysis picture, where HOG needs the small-face search's
    /// enlarged full-resolution crops for them: a face found under `embeddingSize` px in a scaled-down picture is cut
    /// again from the full-resolution frame (with half its size around it, enlarged to `embeddingSize` px) for the
    /// landmarks and the embedding, which the analysis picture's fewer pixels make less sure.
    private func fullResolution(_ found: FoundFace, in input: StageInput) throws -> FoundFace {
        let side = Double(min(found.face.box.width, found.face.box.height))
        guard settings.detector == .mtcnn, found.scale > 1.01, side > 0, side < Self.embeddingSize else { return found }
        let box = found.box
        let frame = input.frame
        let region = box.expanded(by: 0.5, within: frame.width, frame.height)
        guard region.width > 0, region.height > 0 else { return found }
        let enlargement = max(1, Self.embeddingSize / Double(min(box.width, box.height)))
        let crop = try frame.cropped(to: region)
        let picture = try regionScaler.convert(crop, width: Int((Double(crop.width) * enlargement).rounded()),
                                               height: Int((Double(crop.height) * enlargement).rounded()))
        let inPicture = Box(x: box.x - region.x, y: box.y - region.y, width: box.width, height: box.height).scaled(by: enlargement)
        return FoundFace(face: FaceBox(box: inPicture, score: found.face.score), picture: picture, scale: 1 / enlargement,
                         origin: (region.x, region.y))
    }

    /// The face size (pixels of the picture it is embedded from) below which an MTCNN face of a scaled-down picture is
    /// re-cut from the full-resolution frame: HOG's window, the smallest face HOG's searches embed.
    private static let embeddingSize = 80.0

    /// Faces smaller than the whole-frame search finds, looked for in enlarged crops of the full-resolution frame
    /// around where something moved (a person walking up), largest enlargement first, within `smallFacePixels`.
    private func smallFaces(in input: StageInput, besides found: [Box]) throws -> [FoundFace] {
        guard settings.smallFaceSize > 0, !input.motion.isEmpty else { return [] }
        let frame = input.frame
        // The whole-frame search sees the frame at 1/analysisScale, enlarged 2^upsample times.
        let wholeFrameEnlargement = Double(1 << settings.upsample) / input.analysisScale
        let wanted = settings.detector.window(upsample: 0) / Double(settings.smallFaceSize)
        guard wanted > wholeFrameEnlargement * 1.2 else { return [] }
        var budget = Double(settings.smallFacePixels)
        var faces: [FoundFace] = []
        var taken = found
        for region in MotionRegions.merged(input.motion, margin: StageInput.motionMargin, within: frame.width, frame.height) {
            let area = Double(region.area)
            let enlargement = min(wanted, (budget / area).squareRoot())
            guard enlargement > wholeFrameEnlargement * 1.2 else { continue }
            budget -= area * enlargement * enlargement
            let crop = try frame.cropped(to: region)
            let picture = try regionScaler.convert(crop, width: Int((Double(crop.width) * enlargement).rounded()),
                                                   height: Int((Double(crop.height) * enlargement).rounded()))
            for face in try engine.detect(in: picture, with: settings.detector, upsample: 0) {
                let candidate = FoundFace(face: face, picture: picture, scale: 1 / enlargement, origin: (region.x, region.y))
                let box = candidate.box
                if taken.contains(where: { $0.overlap(box) > 0.3 || $0.contains(centreOf: box) }) { continue }
                faces.append(candidate)
                taken.append(box)
            }
        }
        return faces
    }
}

/// A face found in some picture of a frame (the analysis image, or an enlarged crop), with how that picture maps
/// onto the full-resolution frame.
private struct FoundFace {
    let face: FaceBox
    let picture: Image
    /// Full-resolution pixels per picture pixel.
    let scale: Double
    /// Where the picture's top-left corner is in the frame.
    let origin: (x: Int, y: Int)

    /// The face in full-resolution pixels.
    var box: Box {
        let scaled = face.box.scaled(by: scale)
        return Box(x: origin.x + scaled.x, y: origin.y + scaled.y, width: scaled.width, height: scaled.height)
    }
}

/// Where one camera's faces were found in the last `FaceTrackSettings.maximumGap` of media, shared by its workers'
/// face stages: where nothing moves, a face is looked for again only there, so a person standing still keeps their
/// track at the cost of a search around their face, not of the whole picture.
public final class RecentFaces: Sendable {
    private let seen = Mutex<[(time: Double, box: Box)]>([])
    /// How long a found face is looked for again without being found (the tracker's gap).
    static let memory = FaceTrackSettings().maximumGap
    /// How much a remembered face's box grows on each side, as a fraction of its size, for the search around it.
    static let margin = 0.5
    /// More boxes than any scene shows at once; the oldest go first.
    private static let capacity = 64

    public init() {}

    func note(_ boxes: [Box], at time: Double) {
        seen.withLock { seen in
            seen.removeAll { abs(time - $0.time) > Self.memory }
            seen += boxes.map { (time, $0) }
            if seen.count > Self.capacity { seen.removeFirst(seen.count - Self.capacity) }
        }
    }

    /// Boxes of the faces found within `memory` of `time`.
    func around(_ time: Double) -> [Box] {
        seen.withLock { seen in seen.filter { abs(time - $0.time) <= Self.memory }.map(\.box) }
    }
}
