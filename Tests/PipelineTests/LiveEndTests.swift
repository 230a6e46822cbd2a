import AnalysisKit
import Foundation
import Logging
import Media
import Severities
@testable import Pipeline
import TestSupport
import Testing
import Toolkit

/// Keeps one hotlist pass open from its first frame until `finish()`, as a plate parked in view does.
private struct ParkedPlateTracker: Tracker {
    let kind = DetectionKind.plate
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
        let draft = IncidentDraft(subject: "京FK5358", watchlist: "hotlist", reason: "stolen", severity: .high)
        return [Pass(kind: .plate, label: "京FK5358", firstTime: first.time, lastTime: last.time, bestFrame: first,
                     box: Box(x: 10, y: 10, width: 100, height: 40), confidence: 0.9, frames: 2, keepsCrop: true,
                     incident: draft)]
    }
}

/// What happens to open passes when a live connection ends.
struct LiveEndTests {
    private func frames(_ count: Int) throws -> [Frame] {
        let reader = try MediaReader(url: Fixtures.hamilton)
        return try (0..<count).map { _ in
            _ = try #require(try reader.decodeNext())
            return try reader.retainCurrent()
        }
    }

    private func aggregator(sink: PassList) -> Aggregator {
        Aggregator(trackers: [ParkedPlateTracker()], sink: sink, run: PassRun(origin: Date(), isLive: true),
                   stats: Stats(Summary(source: "x", camera: "gate", sampling: "test")), logger: Logger(label: "test"))
    }

    /// The pass open when the connection ended is recorded once the frames queued before the end are analysed, while
    /// the reader goes on reconnecting: not when video returns, nor at shutdown.
    @Test func anOpenPassIsRecordedOnceTheEndedConnectionsFramesAreSettled() async throws {
        let sink = PassList()
        let aggregator = aggregator(sink: sink)
        let frames = try frames(5)
        aggregator.submit(sequence: 0, frame: frames[0], detections: [])
        aggregator.submit(sequence: 2, frame: frames[2], detections: [])
        aggregator.endOfConnection(count: 3)
        try await Task.sleep(for: .milliseconds(300))
        #expect(sink.passes.isEmpty, "frame 1 of the ended connection is still being analysed")
        aggregator.skip(sequence: 1)
        #expect(await eventually(timeout: .seconds(30)) { sink.passes.count == 1 }, "recorded before any new frame")
        #expect(sink.passes.first?.lastTime == frames[2].time, "the pass ends with the connection's last frame")
        // The next connection's frames start a pass of their own, recorded at the end of input.
        aggregator.submit(sequence: 3, frame: frames[3], detections: [])
        aggregator.submit(sequence: 4, frame: frames[4], detections: [])
        aggregator.endOfInput(count: 5)
        try await Blocking.run { aggregator.waitUntilDone() }
        #expect(sink.passes.map(\.firstTime) == [frames[0].time, frames[3].time])
    }
}
