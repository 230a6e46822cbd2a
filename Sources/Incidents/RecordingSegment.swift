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

extension IncidentStore {
    /// The oldest segments ended before `before` (of `camera`, or of every camera), oldest first; segments that are
    /// evidence are left out: those of a camera within `margin` seconds of an incident there that is not resolved.
    public func prunableSegments(camera: String?, endedBefore before: Date, margin: TimeInterval = 60,
                                 limit: Int = 100) throws -> [RecordingSegment] {
        try read { db in
            let candidates = try RecordingSegment.fetchAll(db, sql: """
                SELECT * FROM recordingSegment WHERE endedAt < ? AND (? IS NULL OR cameraId = ?) ORDER BY startedAt LIMIT ?
                """, arguments: [before, camera, camera, limit * 4])
            return try candidates.filter { try !Self.isEvidence($0, margin: margin, db) }.prefix(limit).map { $0 }
        }
    }

    private static func isEvidence(_ segment: RecordingSegment, margin: TimeInterval, _ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: """
            SELECT EXISTS (SELECT 1 FROM incident WHERE cameraId = ? AND status != 'resolved'
                           AND createdAt <= ? AND COALESCE(lastSeenAt, createdAt) >= ?)
            """, arguments: [segment.cameraId, segment.endedAt.addingTimeInterval(margin),
                             segment.startedAt.addingTimeInterval(-margin)]) ?? false
    }

    /// Deletes the segments' rows, then their files (a crash in between leaves a file no row names, never the
    /// reverse); returns the bytes freed.
    @discardableResult
    public func deleteSegments(_ segments: [RecordingSegment]) throws -> Int {
        let ids = segments.compactMap(\.id)
        _ = try write { db in try RecordingSegment.deleteAll(db, keys: ids) }
        return segments.filter { unlink($0.path) == 0 }.reduce(0) { $0 + $1.bytes }
    }
}

extension RecordingSegment {
    /// The stretches of `from...to` that `segments` do not cover, longer than `tolerance` seconds (a keyframe's
    /// distance between two segments of one recording is no gap): what an export of the range lacks.
    public static func gaps(in segments: [RecordingSegment], from: Date, to: Date, tolerance: TimeInterval = 3) -> [ClosedRange<Date>] {
        var gaps: [ClosedRange<Date>] = [], covered = from
        for segment in segments.sorted(by: { $0.startedAt < $1.startedAt }) {
            if segment.startedAt.timeIntervalSince(covered) > tolerance { gaps.append(covered...min(segment.startedAt, to)) }
            covered = max(covered, segment.endedAt)
            if covered >= to { break }
        }
        if to.timeIntervalSince(covered) > tolerance { gaps.append(covered...to) }
        return gaps
    }
}
