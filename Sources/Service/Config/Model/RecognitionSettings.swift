public import Incidents

extension ServeConfig {
    /// Face and plate settings shared by every camera of the process; the defaults are `analyze`'s.
    public struct RecognitionSettings: Sendable, Equatable {
        /// Largest face distance that counts as a match (0.1...1.2).
        public var faceTolerance = 0.5
        /// Enlarge frames 2^N times for face detection (0...2).
        public var faceUpsample = 0
        /// Smallest face (pixels) looked for in enlarged crops where a frame moves; 0: off (0...200).
        public var faceSmallSize = 40
        /// Embedding distance beyond which a face where a track is starts a new track (0.2...2).
        public var faceTrackDistance = 0.6
        /// Record faces that match no one.
        public var keepUnknownFaces = false
        /// Seconds within which another hit on the same subject joins the open incident.
        public var repeatWindow = 300.0
        /// OCR confusions a plate read may differ from a hotlist entry by (0...3).
        public var plateConfusions = 1
        /// Media seconds between two whole-frame plate searches by one worker.
        public var plateWholeFrameInterval = 1.0
        /// A face or plate track open longer than this closes as one sighting (10...86400 s).
        public var trackMaxSeconds = 600.0
        /// One plate read at two cameras too far apart for the time between: a cloned-plate incident. On by default
        /// (150 km/h); it only ever compares cameras with a `position`. Nil (`cloned_plate_speed_kmh: off`): off.
        public var clonedPlates: ClonedPlateRule? = ClonedPlateRule()

        public init() {}
    }
}
