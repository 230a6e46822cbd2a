public import Incidents
import Media
public import Pipeline

/// Everything a camera service needs to run one camera: what it is, how to reach it, how to analyse it.
public struct CameraSpec: Sendable, Equatable {
    public var camera: Camera
    /// The URL to open, with credentials; never logged or shown.
    public var streamURL: String
    /// The URL as logs and the status API show it (no password).
    public var displayURL: String
    public var stages: Set<StageKind>
    public var enabled: Bool
    public var options: AnalysisOptions
    /// Faces that match no one are recorded with their embedding (search by photo).
    public var storesUnknownFaces: Bool
    /// Days the retention service keeps this camera's face embeddings.
    public var unknownFacesDays: Int
    /// Faces and plates run on full-resolution tiles (eagle-eye cameras); nil runs them on the scaled frame.
    public var tiling: TilingSettings?
    /// How long the camera service keeps trying the source: `.forever` in `serve`, `.finite(retries)` in `analyze`.
    public var retry: RetryPolicy
    /// Incident clips and continuous recording of this camera (`serve`); nil: no video kept.
    public var recording: RecordingSettings?

    public init(camera: Camera, streamURL: String, displayURL: String, stages: Set<StageKind>, enabled: Bool,
                options: AnalysisOptions, storesUnknownFaces: Bool = false,
                unknownFacesDays: Int = CameraSpec.defaultUnknownFacesDays, tiling: TilingSettings? = nil,
                retry: RetryPolicy = .forever) {
        self.camera = camera
        self.streamURL = streamURL
        self.displayURL = displayURL
        self.stages = stages
        self.enabled = enabled
        self.options = options
        self.storesUnknownFaces = storesUnknownFaces
        self.unknownFacesDays = unknownFacesDays
        self.tiling = tiling
        self.retry = retry
    }

    /// Days a camera that stores unknown faces keeps their embeddings searchable, unless it says otherwise.
    public static let defaultUnknownFacesDays = 7
    /// Whole days only, and never for good: these are faces of people nobody is looking for.
    public static let unknownFacesDaysRange = 1...365

    public static func == (a: CameraSpec, b: CameraSpec) -> Bool {
        var first = a.camera, second = b.camera
        first.createdAt = second.createdAt
        return first == second && a.streamURL == b.streamURL && a.stages == b.stages && a.enabled == b.enabled
            && a.options.sampling == b.options.sampling && a.options.motionGate == b.options.motionGate
            && a.options.loop == b.options.loop && a.options.realtime == b.options.realtime
            && a.options.source.readTimeout == b.options.source.readTimeout
            && a.options.analysisWidth == b.options.analysisWidth
            && a.storesUnknownFaces == b.storesUnknownFaces && a.unknownFacesDays == b.unknownFacesDays
            && a.tiling == b.tiling && a.retry == b.retry && a.recording == b.recording
    }
}
