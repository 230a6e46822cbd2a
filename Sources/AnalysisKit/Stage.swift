public import Media

/// An analysis step: frame in, detections out. Each worker owns its own instance (models are not
/// thread-safe) and sees only some of a camera's frames, so what a stage finds never depends on earlier frames
/// (a work budget, like the plate stage's, may); what spans frames belongs in a `Tracker`.
public protocol Stage {
    var name: String { get }
    /// With the motion gate on, the stage runs only on the frames `MotionGate` lets through (movement found by the
    /// motion stage run before it, a cut, a connection's first frame, a still picture once per 10 s). True unless
    /// the stage says otherwise: finding faces and plates is what costs.
    var isGatedByMotion: Bool { get }
    mutating func analyze(_ input: StageInput) throws -> [Detection]
}

extension Stage {
    public var isGatedByMotion: Bool { true }
}

/// What a stage sees of one sampled frame. The analysis-size picture is converted on first use,
/// so a frame no stage looks at in colour is never converted.
public final class StageInput {
    public let frame: Frame
    /// A small grey picture of this frame and of the previous sampled one (for motion).
    public let thumbnail: Image
    public let previousThumbnail: Image?
    private let scaler: Scaler
    private var converted: Image?

    /// Workers make these; a benchmark or a wrapping stage (tiles) may make its own.
    public init(frame: Frame, thumbnail: Image, previousThumbnail: Image?, scaler: Scaler) {
        self.frame = frame
        self.thumbnail = thumbnail
        self.previousThumbnail = previousThumbnail
        self.scaler = scaler
    }

    /// The frame as RGB at the analysis size.
    public func image() throws -> Image {
        if let converted { return converted }
        let image = try scaler.convert(frame)
        converted = image
        return image
    }

    /// Where the stages before this one found motion, in full-resolution pixels (empty without a motion stage).
    public package(set) var motion: [Box] = []

    /// Whether a motion stage compared this frame with the previous sampled one (not on a camera's first frame, after
    /// a size change, without a motion stage, or in the input a tiled stage makes for each tile).
    public package(set) var motionMeasured = false

    /// The motion stage saw most of the picture change (light switched, the camera panned or zoomed): not motion,
    /// and not a still picture either.
    public package(set) var wholePictureChanged = false

    /// How much a motion box grows on each side, as a fraction of its size, before the detectors look inside it: a
    /// face sits at the top edge of a moving body.
    public static let motionMargin = 0.25

    /// Where the detectors should look in this frame. Motion over more than half the picture is the whole picture.
    public var attention: Attention {
        guard motionMeasured, !isSceneCut, !wholePictureChanged else { return .wholeFrame }
        guard !motion.isEmpty else { return .still }
        let regions = MotionRegions.merged(motion, margin: Self.motionMargin, within: frame.width, frame.height)
        let moved = regions.reduce(0) { $0 + $1.area }
        return Double(moved) > 0.5 * Double(frame.width * frame.height) ? .wholeFrame : .regions(regions)
    }

    /// The whole picture changed since the previous sampled frame (`SceneCut`); computed on first use.
    public lazy var isSceneCut: Bool = SceneCut.between(thumbnail, previousThumbnail)

    /// Full-resolution pixels per analysis pixel.
    public var analysisScale: Double {
        Double(frame.width) / Double(scaler.outputSize(width: frame.width, height: frame.height).width)
    }
}
