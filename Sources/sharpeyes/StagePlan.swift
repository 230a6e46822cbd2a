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

/// Which stages and trackers an analysis runs, built from the options and the watchlists in the store.
struct StagePlan {
    let makeStages: Analysis.StageFactory
    let makeTrackers: Analysis.TrackerFactory

    init(store: IncidentStore, faces options: FaceOptions) throws {
        let watchlist = try FaceWatchlist(store: store)
        let facesOn = options.faces ?? !watchlist.entries.isEmpty
        let models = ModelPaths.default
        if facesOn { try models.checkFaceModels() }
        var faceSettings = FaceSettings()
        faceSettings.tolerance = options.faceTolerance
        faceSettings.upsample = options.faceUpsample
        var trackSettings = FaceTrackSettings()
        trackSettings.keepUnknown = options.keepUnknownFaces
        makeStages = { [faceSettings] in
            var stages: [any Stage] = [MotionStage()]
            if facesOn { stages.append(FaceStage(engine: try FaceEngine(models: models), watchlist: watchlist, settings: faceSettings)) }
            return stages
        }
        makeTrackers = { [trackSettings] in
            var trackers: [any Tracker] = [MotionTracker()]
            if facesOn { trackers.append(FaceTracker(watchlist: watchlist, settings: trackSettings)) }
            return trackers
        }
    }
}
