public import Foundation
public import Incidents
import Media
public import Server
import Toolkit

/// Exports of continuous recording for the HTTP API: a camera's segments over the range, joined by stream copy into
/// `exports/` under the snapshot directory, named by camera and range so repeated (Range) requests reuse the file.
public struct SegmentExports: RecordingExports {
    let store: IncidentStore
    let directory: String

    public init(store: IncidentStore, directory: String) {
        self.store = store
        self.directory = directory
    }

    public func export(camera: String, from: Date, to: Date) async throws -> String? {
        try await Blocking.run { [self] in try write(camera: camera, from: from, to: to) }
    }

    public func gaps(camera: String, from: Date, to: Date) async throws -> [ClosedRange<Date>] {
        let segments = try await Blocking.run { [store] in try store.segments(camera: camera, from: from, to: to) }
        return RecordingSegment.gaps(in: segments, from: from, to: to)
    }

    private func write(camera: String, from: Date, to: Date) throws -> String? {
        let folder = URL(fileURLWithPath: directory).appendingPathComponent("exports", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let milliseconds = { (date: Date) in Int((date.timeIntervalSince1970 * 1000).rounded()) }
        let path = folder.appendingPathComponent("\(camera)-\(milliseconds(from))-\(milliseconds(to)).mp4").path
        if FileManager.default.fileExists(atPath: path) { return path }
        return try Self.join(camera: camera, from: from, to: to, into: path, store: store) ? path : nil
    }

    /// Joins `camera`'s segments over the range by stream copy into `path`, from the keyframe at or before `from`
    /// (the API's export and `sharpeyes export` alike); false when there is no footage in the range.
    public static func join(camera: String, from: Date, to: Date, into path: String, store: IncidentStore) throws -> Bool {
        let segments = try store.segments(camera: camera, from: from, to: to)
        guard !segments.isEmpty else { return false }
        let parts = segments.map { SegmentJoiner.Part(path: $0.path, start: $0.startedAt.timeIntervalSince(from)) }
        do {
            _ = try SegmentJoiner.join(parts, from: 0, to: to.timeIntervalSince(from), into: path)
        } catch let error as MediaError where error.kind == .notFound {
            return false
        }
        return true
    }
}
