import Foundation
import Incidents
import Logging
import Service
import Severities
import Synchronization
import Testing

/// Continuous recording's retention (#23) over a real SQLite file and real segment files: age first, then free
/// space under a tiny quota, oldest first; evidence (segments around an incident not yet resolved) is kept.
struct RecordingRetentionTests {
    private let now = Date()

    /// Six 1000-byte segments of camera "gate": two 10 days old, then four of the last hour; an open incident sits
    /// in the oldest recent one. Returns the store, the folder and the segments oldest first.
    private func fixture() throws -> (IncidentStore, URL, [RecordingSegment]) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sharpeyes-retention-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let store = try IncidentStore(path: folder.appendingPathComponent("db.sqlite").path)
        try store.save(Camera(id: "gate", name: "Gate", kind: .fixed, url: "rtsp://gate"))
        let starts = [-10 * 86_400.0, -10 * 86_400.0 + 10, -3600, -3000, -2400, -1800]
        let segments = try starts.enumerated().map { index, offset in
            let path = folder.appendingPathComponent("segment-\(index).mp4").path
            try Data(repeating: 7, count: 1000).write(to: URL(fileURLWithPath: path))
            return try store.saveSegment(RecordingSegment(cameraId: "gate", path: path, startedAt: now.addingTimeInterval(offset),
                                                          endedAt: now.addingTimeInterval(offset + 10), bytes: 1000, keyframes: [0]))
        }
        let sighting = Sighting(cameraId: "gate", kind: .plate, label: "京A12345", firstSeen: now.addingTimeInterval(-3595),
                                lastSeen: now.addingTimeInterval(-3595), bestTime: now.addingTimeInterval(-3595), mediaOffset: 0,
                                box: (0, 0, 10, 10), confidence: 0.9, frames: 3)
        let incident = Incident(cameraId: "gate", kind: .plate, subject: "京A12345", watchlist: "hotlist", reason: nil,
                                severity: .high, createdAt: now.addingTimeInterval(-3595))
        _ = try store.record(sighting, incident: incident, repeatWindow: 0, raisedAt: now.addingTimeInterval(-3595))
        return (store, folder, segments)
    }

    private func remaining(_ folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".mp4") }.sorted()
    }

    @Test func oldSegmentsGoThenTheOldestWhileSpaceIsShortButNotEvidence() async throws {
        let (store, folder, _) = try fixture()
        // A 5000-byte quota: free space is what the segment files leave of it.
        let quota: Int64 = 5000
        let free: SegmentRetention.FreeSpace = { _ in
            quota - Int64(((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
                .filter { $0.hasSuffix(".mp4") }.count * 1000)
        }
        let retention = SegmentRetention(store: store, directory: folder.path, retainDays: ["gate": 7], minFreeBytes: 2500,
                                         freeSpace: free, logger: Logger(label: "test"))
        let result = await retention.pass(now: now)
        #expect(result.aged == 2, "the two 10-day-old segments")
        #expect(result.forSpace == 2, "then two more to bring 1000 free bytes over 2500")
        #expect(remaining(folder) == ["segment-2.mp4", "segment-5.mp4"], "the evidence and the newest stay")
        #expect(try store.segments(camera: "gate", from: .distantPast, to: .distantFuture).map(\.path)
                    == ["segment-2.mp4", "segment-5.mp4"].map { folder.appendingPathComponent($0).path })
    }

    @Test func withOnlyEvidenceLeftNothingMoreGoes() async throws {
        let (store, folder, _) = try fixture()
        let retention = SegmentRetention(store: store, directory: folder.path, retainDays: [:], minFreeBytes: .max,
                                         freeSpace: { _ in 0 }, logger: Logger(label: "test"))
        let result = await retention.pass(now: now)
        #expect(result.aged == 0 && result.forSpace == 5)
        #expect(remaining(folder) == ["segment-2.mp4"])
    }
}
