public import Foundation

/// Writes exports of continuous recording (the media side, which the HTTP module does not link): `serve` gives its
/// implementation to `APIServices.recordings`.
public protocol RecordingExports: Sendable {
    /// The path of an MP4 of `camera`'s recording from the keyframe at or before `from` to `to`, written on first
    /// call and kept for the Range requests that follow; nil when there is no footage in the range.
    func export(camera: String, from: Date, to: Date) async throws -> String?
    /// The stretches of the range with no recording (over a keyframe's distance), in time order.
    func gaps(camera: String, from: Date, to: Date) async throws -> [ClosedRange<Date>]
}

extension RecordingExports {
    public func gaps(camera: String, from: Date, to: Date) async throws -> [ClosedRange<Date>] { [] }
}

/// Limits shared by the API's export and `sharpeyes export`.
public enum RecordingExportLimit {
    /// The longest range one export may span (2 hours).
    public static let seconds = 2 * 3600.0
}
