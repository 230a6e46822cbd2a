public import Foundation

/// Cameras' live views (the media side, which the HTTP module does not link): `serve` gives its implementation to
/// `APIServices.live`.
public protocol LiveViews: Sendable {
    /// The live view of `camera` from now on, shared with its other viewers; nil when no camera of that id runs
    /// here. The stream ends with an error whose description says why (the camera stopped, its codec is neither
    /// H.264 nor H.265).
    func watch(camera: String) -> AsyncThrowingStream<LiveChunk, any Error>?
    /// What `camera` sees now, as JPEG (its newest keyframe): for a camera whose codec the live view cannot send,
    /// and for alarms. Nil when it does not run here or has no picture yet.
    func picture(camera: String) async throws -> [UInt8]?
}

extension LiveViews {
    public func picture(camera: String) async throws -> [UInt8]? { nil }
}

/// What a live viewer is sent.
public enum LiveChunk: Sendable {
    /// The Media Source Extensions type (`video/mp4; codecs="avc1.64001f"`) and the init segment that follows it.
    case start(mimeType: String, initSegment: Data)
    /// One fragmented-MP4 fragment.
    case fragment(Data)
}
