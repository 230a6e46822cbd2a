import ArgumentParser
import Pipeline
import Recognition
import Service

/// Face options of `analyze`: the ranges and defaults are the library's, as `serve`'s `recognition:` has them.
struct FaceOptions: ParsableArguments {
    @Flag(inversion: .prefixedNo, help: "Face matching (default: on when the face watchlist has anyone).")
    var faces: Bool?

    @Option(help: "Largest face distance that counts as a match.")
    var faceTolerance = FaceSettings.default.tolerance

    @Option(help: "Face detector: \(FaceDetector.names).")
    var faceDetector = FaceSettings.default.detector.rawValue

    @Option(help: "Enlarge frames 2^N times for face detection (1 finds smaller faces, about 4× slower).")
    var faceUpsample = FaceSettings.default.upsample

    @Option(help: "Smallest face (pixels) looked for in enlarged crops where the frame moves; 0 turns the search off.")
    var faceSmallSize = FaceSettings.default.smallFaceSize

    @Option(help: "Embedding distance beyond which a face where a track is counts as someone else (a new track).")
    var faceTrackDistance = FaceTrackSettings.default.maximumEmbeddingDistance

    @Flag(help: "Record faces that match no one (off by default: privacy).")
    var keepUnknownFaces = FaceTrackSettings.default.keepUnknown

    @Option(help: "Seconds within which another hit on the same subject joins the open incident.")
    var repeatWindow = AnalysisOptions().repeatWindow

    func validate() throws {
        try check(faceTolerance, in: FaceSettings.toleranceRange, "--face-tolerance")
        guard FaceDetector(rawValue: faceDetector) != nil else {
            throw ValidationError("--face-detector must be \(FaceDetector.names), got '\(faceDetector)'")
        }
        try check(faceUpsample, in: FaceSettings.upsampleRange, "--face-upsample")
        let small = FaceSettings.smallFaceSizeRange
        guard FaceSettings.acceptsSmallFaceSize(faceSmallSize) else {
            throw ValidationError("--face-small-size must be 0 (off) or \(small.lowerBound) to \(small.upperBound)")
        }
        try check(faceTrackDistance, in: FaceTrackSettings.maximumEmbeddingDistanceRange, "--face-track-distance")
        guard repeatWindow >= 0 && repeatWindow.isFinite else { throw ValidationError("--repeat-window must be 0 or more seconds") }
    }
}

/// Plate options of `analyze`.
struct PlateOptions: ParsableArguments {
    @Flag(inversion: .prefixedNo, help: "Plate reading (default: on when the plate hotlist has entries). Every pass is logged as a sighting.")
    var plates: Bool?

    @Option(help: "OCR confusions (0/D/Q/O, 8/B, 1/I, 2/Z, 5/S, 6/G) a read may differ from a hotlist entry by and still hit.")
    var plateConfusions = PlateHotlist.defaultConfusions

    @Option(help: "Plate-like regions examined per frame before the whole-frame detector.")
    var plateCandidates = PlateSearch.default.candidates

    @Flag(inversion: .prefixedNo, help: "Run the text detector over the whole frame when the candidates give no plate.")
    var plateWholeFrame = PlateSearch.default.wholeImageFallback

    @Option(help: "Media seconds between two whole-frame searches of one camera (0: every frame that needs one).")
    var plateWholeFrameInterval = StageSettings().plateWholeFrameInterval

    func validate() throws {
        try check(plateConfusions, in: PlateHotlist.confusionsRange, "--plate-confusions")
        try check(plateCandidates, in: PlateSearch.candidatesRange, "--plate-candidates")
        guard plateWholeFrameInterval >= 0 else { throw ValidationError("--plate-whole-frame-interval must be 0 or more") }
    }
}

extension SourceRequest {
    /// The face and plate options, over the library's defaults.
    mutating func apply(faces: FaceOptions, plates: PlateOptions) {
        self.faces = faces.faces
        self.plates = plates.plates
        settings.face.tolerance = faces.faceTolerance
        settings.face.detector = FaceDetector(rawValue: faces.faceDetector) ?? FaceSettings.default.detector
        settings.face.upsample = faces.faceUpsample
        settings.face.smallFaceSize = faces.faceSmallSize
        settings.faceTrack.maximumEmbeddingDistance = faces.faceTrackDistance
        settings.faceTrack.keepUnknown = faces.keepUnknownFaces
        options.repeatWindow = faces.repeatWindow
        settings.plateSearch.candidates = plates.plateCandidates
        settings.plateSearch.wholeImageFallback = plates.plateWholeFrame
        settings.plateWholeFrameInterval = plates.plateWholeFrameInterval
        plateConfusions = plates.plateConfusions
    }
}

/// Refuses `value` outside the library's `range`: `--face-tolerance must be 0.1 to 1.2`.
func check<T: Comparable>(_ value: T, in range: ClosedRange<T>, _ name: String) throws {
    guard range.contains(value) else {
        throw ValidationError("\(name) must be \(describe(range.lowerBound)) to \(describe(range.upperBound))")
    }
}

/// `2`, `0.5`: a bound as a person writes it.
private func describe<T>(_ value: T) -> String {
    guard let number = value as? Double, number == number.rounded(), abs(number) < 1e15 else { return "\(value)" }
    return String(Int(number))
}
