import Foundation
import Incidents
import Logging
import Media
@testable import Pipeline
import TestSupport
import Testing

/// Keeps one hotlist pass open from its first frame until `finish()`, as a plate parked in view does.
private struct ParkedPlateTracker: Tracker {
    let kind = Sighting.Kind.plate
    var first: Frame?
    var last: Frame?

    mutating func update(_ frame: Frame, detections: [Detection]) -> [Pass] {
        first = first ?? frame
        last = frame
        return []
    }

    mutating func finish() -> [Pass] {
        defer { first = nil; last = nil }
        guard let first, let last else { return [] }
        let draft = IncidentDraft(subject: "京FK5358", watchlist: "hotlist", reason: "stolen", severity: "high")
        return [Pass(kind: .plate, label: "京FK5358", firstTime: first.time, lastTime: last.time, bestFrame: first,
                     box: Box(x: 10, y: 10, width: 100, height: 40), confidence: 0.9, frames: 2, keepsCrop: true,
                     incident: draft)]
    }
}

/// What happens to open passes when a live connection ends, and when an incident is dated.
@Suite(.ownThreads)
struct LiveEndTests {
    private let camera = Camera(id: "gate", name: "gate", kind: .fixed, url: "rtsp://camera/stream")

    private func frames(_ count: Int) throws -> [Frame] {
        let reader = try MediaReader(url: Fixtures.hamilton)
        return try (0..<count).map { _ in
            _ = try #require(try reader.decodeNext())
            return try reader.retainCurrent()
        }
    }

    private func aggregator(store: IncidentStore, origin: Date = Date()) throws -> Aggregator {
        try store.save(camera)
        let recorder = Recorder(store: store, camera: camera, snapshotDirectory: nil, origin: origin)
        return Aggregator(trackers: [ParkedPlateTracker()], recorder: recorder,
                          stats: Stats(Summary(source: "x", camera: camera.id, sampling: "test")), logger: Logger(label: "test"))
    }

    private func incidents(_ store: IncidentStore) -> Int { (try? store.incidents().count) ?? -1 }

    /// The pass open when the connection ended is recorded once the frames queued before the end are analysed, while
    /// the reader goes on reconnecting: not when video returns, nor at shutdown.
    @Test func anOpenPassIsRecordedOnceTheEndedConnectionsFramesAreSettled() async throws {
        let store = try IncidentStore()
        let aggregator = try aggregator(store: store)
        let frames = try frames(5)
        aggregator.submit(sequence: 0, frame: frames[0], detections: [])
        aggregator.submit(sequence: 2, frame: frames[2], detections: [])
        aggregator.endOfConnection(count: 3)
        try await Task.sleep(for: .milliseconds(300))
        #expect(incidents(store) == 0, "frame 1 of the ended connection is still being analysed")
        aggregator.skip(sequence: 1)
        #expect(await eventually(timeout: .seconds(30)) { self.incidents(store) == 1 }, "recorded before any new frame")
        // The next connection's frames start a pass of their own, recorded at the end of input.
        aggregator.submit(sequence: 3, frame: frames[3], detections: [])
        aggregator.submit(sequence: 4, frame: frames[4], detections: [])
        aggregator.endOfInput(count: 5)
        aggregator.waitUntilDone()
        #expect(try store.sightings().count == 2)
        #expect(try store.incidents().count == 1, "the second pass joins the open incident")
    }

    /// An incident is dated when it is raised, so a late alert shows as late; its sighting keeps when it was seen.
    @Test func anIncidentIsDatedWhenItIsCommittedNotWhenItsSubjectWasSeen() throws {
        let store = try IncidentStore()
        let seen = Date().addingTimeInterval(-3600)
        let aggregator = try aggregator(store: store, origin: seen)
        let frames = try frames(2)
        aggregator.submit(sequence: 0, frame: frames[0], detections: [])
        aggregator.submit(sequence: 1, frame: frames[1], detections: [])
        let before = Date()
        aggregator.endOfInput(count: 2)
        aggregator.waitUntilDone()
        let sighting = try #require(try store.sightings().first)
        let incident = try #require(try store.incidents().first)
        #expect(abs(sighting.lastSeen.timeIntervalSince(seen.addingTimeInterval(frames[1].time))) < 0.01)
        #expect(incident.createdAt >= before.addingTimeInterval(-0.01) && incident.createdAt <= Date(),
                "\(incident.createdAt) is the commit, an hour after the sighting's \(sighting.lastSeen)")
    }
}
