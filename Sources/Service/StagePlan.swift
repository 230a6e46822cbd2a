import AnalysisKit
public import Incidents
public import Pipeline
public import Recognition
import Toolkit

/// The analysis steps a camera can run.
public enum StageKind: String, Sendable, CaseIterable, Codable, Comparable {
    case motion, faces, plates

    /// In the order of `allCases`, so a camera's stages compare equal however they were written.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }

    private var rank: Int {
        switch self {
        case .motion: 0
        case .faces: 1
        case .plates: 2
        }
    }
}

/// Recognition settings shared by every camera of a process.
public struct StageSettings: Sendable, Equatable {
    public var face = FaceSettings()
    public var faceTrack = FaceTrackSettings()
    public var plateSearch = PlateSearch()
    public var plateTrack = PlateTrackSettings()
    /// Media seconds between two whole-frame plate searches by one worker.
    public var plateWholeFrameInterval = 1.0
    /// Skip face detection while the face watchlist is empty (nothing could match) unless unknown faces are kept.
    public var faceDetectionNeedsWatchlist = false
    /// Faces and plates run on full-resolution tiles of each frame (eagle-eye cameras); nil: on the scaled frame.
    public var tiling: TilingSettings?

    public init() {}

    /// This camera records faces that match no one with their embedding (search by photo): it detects and embeds
    /// faces even while the watchlist is empty.
    public var storesUnknownFaces: Bool {
        get { faceTrack.storesUnknownEmbeddings }
        set { faceTrack.storesUnknownEmbeddings = newValue; face.embedsEveryFace = newValue }
    }

    /// These settings for one camera: the process's, with the camera's own opt-ins.
    public func `for`(_ spec: CameraSpec) -> StageSettings {
        var settings = self
        settings.storesUnknownFaces = spec.storesUnknownFaces
        settings.tiling = spec.tiling
        return settings
    }

    /// Tracks (faces, plates, motion events) open longer than this are closed and recorded.
    public var maximumTrackSeconds: Double {
        get { faceTrack.maximumSeconds }
        set { faceTrack.maximumSeconds = newValue; plateTrack.maximumSeconds = newValue }
    }
}

/// Which stages and trackers one camera runs, over the process's models and live watchlists.
///
/// ```swift
/// let models = try Models.load(faces: true, plates: true)
/// let plan = StagePlan(stages: [.motion, .plates], models: models, watchlists: watchlists, settings: .init())
/// let analysis = Analysis(..., stages: plan.makeStages, trackers: plan.makeTrackers, ...)
/// ```
public struct StagePlan: Sendable {
    public let stages: Set<StageKind>
    public let makeStages: Analysis.StageFactory
    public let makeTrackers: Analysis.TrackerFactory

    /// Stages whose models were not loaded are left out (the caller loads what any camera needs).
    public init(stages requested: Set<StageKind>, models: Models, watchlists: Watchlists, settings: StageSettings) {
        var stages = requested
        if models.faces == nil { stages.remove(.faces) }
        if models.plates == nil { stages.remove(.plates) }
        self.stages = stages
        // The camera's workers share these: a costly search runs once per interval per camera, and a face one
        // worker found is looked for again by the next.
        let budget = WholeFrameBudget(), faceSearch = WholeFrameBudget(), recentFaces = RecentFaces()
        makeStages = { [stages] resources in
            var made: [any Stage] = []
            if stages.contains(.faces), let paths = models.faces {
                let engine = try resources.shared("face-engine") { try FaceEngine(models: paths) }
                if settings.face.detector == .mtcnn { _ = try MTCNNDetector.shared(models: paths) }  // a missing file fails here
                made.append(FaceStage(engine: engine, watchlists: watchlists, settings: settings.face,
                                      needsWatchlist: settings.faceDetectionNeedsWatchlist && !settings.faceTrack.keepUnknown
                                          && !settings.storesUnknownFaces, wholeSearch: faceSearch, recent: recentFaces))
            }
            if stages.contains(.plates), let engine = models.plates {
                made.append(PlateStage(engine: engine, search: settings.plateSearch,
                                       wholeFrameInterval: settings.plateWholeFrameInterval, budget: budget))
            }
            if let tiling = settings.tiling { made = made.map { TiledStage($0, settings: tiling) } }
            return (stages.contains(.motion) ? [MotionStage()] : []) + made
        }
        makeTrackers = { [stages] in
            var trackers: [any Tracker] = []
            if stages.contains(.motion) {
                var motion = MotionTracker()
                motion.maximumSeconds = settings.maximumTrackSeconds
                trackers.append(motion)
            }
            if stages.contains(.faces) { trackers.append(FaceTracker(settings: settings.faceTrack)) }
            if stages.contains(.plates) { trackers.append(PlateTracker(watchlists: watchlists, settings: settings.plateTrack)) }
            return trackers
        }
    }
}

/// The models of a process, loaded once: face model files (parsed on first use, copied per worker) and the
/// shared plate engine.
public struct Models: Sendable {
    public let faces: ModelPaths?
    public let plates: PlateEngine?

    public init(faces: ModelPaths?, plates: PlateEngine?) {
        self.faces = faces
        self.plates = plates
    }

    /// Checks and loads what is asked for. Blocking (file reads, ONNX sessions): call it off the concurrency pool.
    public static func load(faces: Bool, plates: Bool, paths: ModelPaths = .default) throws -> Models {
        if faces {
            try paths.checkFaceModels()
            _ = try FaceEngine(models: paths)  // parses the files once, so a bad model fails here, not in a worker
        }
        return Models(faces: faces ? paths : nil, plates: plates ? try PlateEngine.shared(models: paths) : nil)
    }
}

extension Models {
    /// The models `stages` need, checked and loaded off the concurrency pool (`serve` and `analyze` alike).
    public static func load(for stages: Set<StageKind>) async throws -> Models {
        try await Blocking.run { try Models.load(faces: stages.contains(.faces), plates: stages.contains(.plates)) }
    }
}

extension Watchlists {
    /// Both lists as `store` holds them, read off the concurrency pool. Plate entries the hotlist refuses are in
    /// `plates.refused`, for the caller to report.
    public static func load(from store: IncidentStore, maximumConfusions: Int) async throws -> Watchlists {
        try await Blocking.run { try Watchlists(store: store, maximumConfusions: maximumConfusions) }
    }
}
