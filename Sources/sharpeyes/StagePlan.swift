import ArgumentParser
import Incidents
import Pipeline
import Recognition

/// Face options of `analyze`.
struct FaceOptions: ParsableArguments {
    @Flag(inversion: .prefixedNo, help: "Face matching (default: on when the face watchlist has anyone).")
    var faces: Bool?

    @Option(help: "Largest face distance that counts as a match.")
    var faceTolerance = 0.5

    @Option(help: "Enlarge frames 2^N times for face detection (1 finds smaller faces, about 4× slower).")
    var faceUpsample = 0

    @Flag(help: "Record faces that match no one (off by default: privacy).")
    var keepUnknownFaces = false

    @Option(help: "Seconds within which another hit on the same subject joins the open incident.")
    var repeatWindow = 300.0

    func validate() throws {
        guard (0.1...1.2).contains(faceTolerance) else { throw ValidationError("--face-tolerance must be 0.1 to 1.2") }
        guard (0...2).contains(faceUpsample) else { throw ValidationError("--face-upsample must be 0, 1 or 2") }
        guard repeatWindow >= 0 else { throw ValidationError("--repeat-window must be 0 or more") }
    }
}

/// Plate options of `analyze`.
struct PlateOptions: ParsableArguments {
    @Flag(inversion: .prefixedNo, help: "Plate reading (default: on when the plate hotlist has entries). Every pass is logged as a sighting.")
    var plates: Bool?

    @Option(help: "OCR confusions (0/D/Q/O, 8/B, 1/I, 2/Z, 5/S, 6/G) a read may differ from a hotlist entry by and still hit.")
    var plateConfusions = 1

    @Option(help: "Plate-like regions examined per frame before the whole-frame detector.")
    var plateCandidates = PlateSearch().candidates

    @Flag(inversion: .prefixedNo, help: "Run the text detector over the whole frame when the candidates give no plate.")
    var plateWholeFrame = true

    @Option(help: "Media seconds between two whole-frame searches by one worker (0: every frame that needs one).")
    var plateWholeFrameInterval = 1.0

    func validate() throws {
        guard (0...3).contains(plateConfusions) else { throw ValidationError("--plate-confusions must be 0 to 3") }
        guard (1...16).contains(plateCandidates) else { throw ValidationError("--plate-candidates must be 1 to 16") }
        guard plateWholeFrameInterval >= 0 else { throw ValidationError("--plate-whole-frame-interval must be 0 or more") }
    }
}

/// Which stages and trackers an analysis runs, built from the options and the watchlists in the store.
struct StagePlan {
    let makeStages: Analysis.StageFactory
    let makeTrackers: Analysis.TrackerFactory

    init(store: IncidentStore, faces options: FaceOptions, plates plateOptions: PlateOptions) throws {
        let watchlist = try FaceWatchlist(store: store)
        let facesOn = options.faces ?? !watchlist.entries.isEmpty
        let models = ModelPaths.default
        if facesOn { try models.checkFaceModels() }
        var faceSettings = FaceSettings()
        faceSettings.tolerance = options.faceTolerance
        faceSettings.upsample = options.faceUpsample
        var trackSettings = FaceTrackSettings()
        trackSettings.keepUnknown = options.keepUnknownFaces
        let hotlist = try PlateHotlist(store: store, maximumConfusions: plateOptions.plateConfusions)
        let platesOn = plateOptions.plates ?? !hotlist.entries.isEmpty
        let plateEngine = platesOn ? try PlateEngine.shared(models: models) : nil
        var search = PlateSearch()
        search.candidates = plateOptions.plateCandidates
        search.wholeImageFallback = plateOptions.plateWholeFrame
        makeStages = { [faceSettings, search, plateOptions] in
            var stages: [any Stage] = [MotionStage()]
            if facesOn { stages.append(FaceStage(engine: try FaceEngine(models: models), watchlist: watchlist, settings: faceSettings)) }
            if let plateEngine {
                stages.append(PlateStage(engine: plateEngine, search: search, wholeFrameInterval: plateOptions.plateWholeFrameInterval))
            }
            return stages
        }
        makeTrackers = { [trackSettings] in
            var trackers: [any Tracker] = [MotionTracker()]
            if facesOn { trackers.append(FaceTracker(watchlist: watchlist, settings: trackSettings)) }
            if platesOn { trackers.append(PlateTracker(hotlist: hotlist)) }
            return trackers
        }
    }
}
