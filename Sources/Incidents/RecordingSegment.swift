public import Foundation
public import GRDB

/// One segment of a camera's continuous recording: a complete MP4 written by stream copy.
public struct RecordingSegment: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public var id: Int64?
    public var cameraId: String
    public var path: String
    public var startedAt: Date
    public var endedAt: Date
    public var bytes: Int
    /// Keyframe times from the segment's start, in seconds, as a JSON array.
    public var keyframes: String
    public var createdAt: Date

    public init(cameraId: String, path: String, startedAt: Date, endedAt: Date, bytes: Int, keyframes: [Double],
                createdAt: Date = Date()) {
        self.cameraId = cameraId
        self.path = path
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.bytes = bytes
        self.keyframes = "[" + keyframes.map { String(format: "%.3f", $0) }.joined(separator: ",") + "]"
        self.createdAt = createdAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension IncidentStore {
    /// Indexes a complete segment; returns it with its id.
    @discardableResult
    public func saveSegment(_ segment: RecordingSegment) throws -> RecordingSegment {
        try write { db in
            var segment = segment
            try segment.insert(db)
            return segment
        }
    }

    /// A camera's segments overlapping `from`..<`to`, oldest first.
    public func segments(camera: String, from: Date, to: Date) throws -> [RecordingSegment] {
        try read { db in
            try RecordingSegment.fetchAll(db, sql: """
                SELECT * FROM recordingSegment WHERE cameraId = ? AND startedAt < ? AND endedAt > ? ORDER BY startedAt
                """, arguments: [camera, to, from])
        }
    }
}
