import ArgumentParser
import Incidents
import Pipeline
import Recognition
import Service

/// Face options of `analyze`.
struct FaceOptions: ParsableArguments {
    @Flag(inversion: .prefixedNo, help: "Face matching (default: on when the face watchlist has anyone).")
    var faces: Bool?

    @Option(help: "Largest face distance that counts as a match.")
    var faceTolerance = 0.5

    @Option(help: "Enlarge frames 2^N times for face detection (1 finds smaller faces, about 4× slower).")
    var faceUpsample = 0

    @Option(help: "Smallest face (pixels) looked for in enlarged crops where the frame moves; 0 turns the search off.")
    var faceSmallSize = FaceSettings().smallFaceSize

    @Option(help: "Embedding distance beyond which a face where a track is counts as someone else (a new track).")
    var faceTrackDistance = FaceTrackSettings().maximumEmbeddingDistance

    @Flag(help: "Record faces that match no one (off by default: privacy).")
    var keepUnknownFaces = false

    @Option(help: "Seconds within which another hit on the same subject joins the open incident.")
    var repeatWindow = 300.0

    func validate() throws {
        guard (0.1...1.2).contains(faceTolerance) else { throw ValidationError("--face-tolerance must be 0.1 to 1.2") }
        guard (0...2).contains(faceUpsample) else { throw ValidationError("--face-upsample must be 0, 1 or 2") }
        guard faceSmallSize == 0 || (20...200).contains(faceSmallSize) else {
            throw ValidationError("--face-small-size must be 0 (off) or 20 to 200")
        }
        guard (0.2...2).contains(faceTrackDistance) else { throw ValidationError("--face-track-distance must be 0.2 to 2") }
        guard repeatWindow >= 0 && repeatWindow.isFinite else { throw ValidationError("--repeat-window must be 0 or more seconds") }
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

    @Option(help: "Media seconds between two whole-frame searches of one camera (0: every frame that needs one).")
    var plateWholeFrameInterval = 1.0

    func validate() throws {
        guard (0...3).contains(plateConfusions) else { throw ValidationError("--plate-confusions must be 0 to 3") }
        guard (1...16).contains(plateCandidates) else { throw ValidationError("--plate-candidates must be 1 to 16") }
        guard plateWholeFrameInterval >= 0 else { throw ValidationError("--plate-whole-frame-interval must be 0 or more") }
    }
}

extension FaceOptions {
    /// The recognition settings these options and the plate options give.
    func settings(plates: PlateOptions) -> StageSettings {
        var settings = StageSettings()
        settings.face.tolerance = faceTolerance
        settings.face.upsample = faceUpsample
        settings.face.smallFaceSize = faceSmallSize
        settings.faceTrack.maximumEmbeddingDistance = faceTrackDistance
        settings.faceTrack.keepUnknown = keepUnknownFaces
        settings.plateSearch.candidates = plates.plateCandidates
        settings.plateSearch.wholeImageFallback = plates.plateWholeFrame
        settings.plateWholeFrameInterval = plates.plateWholeFrameInterval
        return settings
    }
}

/// The stages `analyze` runs: motion always; faces and plates when asked, else when their list has entries.
func stageSelection(watchlists: Watchlists, faces: FaceOptions, plates: PlateOptions) -> Set<StageKind> {
    var stages: Set<StageKind> = [.motion]
    if faces.faces ?? !watchlists.faces.entries.isEmpty { stages.insert(.faces) }
    if plates.plates ?? !watchlists.plates.entries.isEmpty { stages.insert(.plates) }
    return stages
}
