public import Incidents
import Pipeline
import Recognition

extension ServeConfig {
    /// Face and plate settings shared by every camera of the process: the library's defaults and ranges
    /// (`FaceSettings.toleranceRange`, ...), as `analyze` has them, with `serve`'s one difference named in `settings`.
    public struct RecognitionSettings: Sendable, Equatable {
        /// What every camera's stage plan runs with. `serve` runs for months with a face watchlist that is often
        /// empty: face detection waits until someone is on it (`analyze` detects faces whenever they are asked for).
        public var settings: StageSettings = {
            var settings = StageSettings()
            settings.faceDetectionNeedsWatchlist = true
            return settings
        }()
        /// Seconds within which another hit on the same subject joins the open incident.
        public var repeatWindow = AnalysisOptions().repeatWindow
        /// OCR confusions a plate read may differ from a hotlist entry by (`PlateHotlist.confusionsRange`).
        public var plateConfusions = PlateHotlist.defaultConfusions
        /// One plate read at two cameras too far apart for the time between: a cloned-plate incident. On by default
        /// (150 km/h); it only ever compares cameras with a `position`. Nil (`cloned_plate_speed_kmh: off`): off.
        public var clonedPlates: ClonedPlateRule? = ClonedPlateRule()

        public init() {}
    }
}
