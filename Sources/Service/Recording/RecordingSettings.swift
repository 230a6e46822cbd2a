public import Foundation
public import Media

/// How a camera's incidents get their video clips: `pre_roll` seconds before the hit and `post_roll` after it, by
/// stream copy from the camera's packet ring, extended while the subject is seen again, at most `max_seconds`.
public struct RecordingSettings: Sendable, Equatable {
    /// Where clips go, in `<camera>/clips/` (the snapshot directory: retention and the media routes look there).
    public var directory: String
    public var preRoll = 10.0
    public var postRoll = 20.0
    /// The longest clip, however long the subject stays.
    public var maxSeconds = 120.0
    /// The packet ring's memory bound per camera.
    public var ringBytes = 32 << 20
    /// Continuous recording's segment length; nil records incident clips only.
    public var segmentSeconds: Double?

    public init(directory: String) {
        self.directory = directory
    }

    /// An incident is raised when its pass ends, seconds after the hit; the ring keeps the pre-roll and this much
    /// more, so the pre-roll before the hit is still there when the clip starts.
    public static let decisionDelay = 10.0

    /// The ring a camera's analysis fills.
    public var ringLimits: RingLimits { RingLimits(seconds: preRoll + Self.decisionDelay, bytes: ringBytes) }

    /// The folder of one camera's clips.
    public func folder(camera: String) -> URL {
        URL(fileURLWithPath: directory).appendingPathComponent(camera, isDirectory: true)
            .appendingPathComponent("clips", isDirectory: true)
    }

    /// The folder of one camera's continuous recording.
    public func segmentFolder(camera: String) -> URL {
        URL(fileURLWithPath: directory).appendingPathComponent(camera, isDirectory: true)
            .appendingPathComponent("recording", isDirectory: true)
    }
}
