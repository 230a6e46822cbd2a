import AnalysisKit
import Foundation
import Logging
import Media
@testable import Pipeline
import TestSupport
import Testing

struct AnalysisTests {
    private func analyse(_ file: String, sampling: SamplingPolicy, recordedAt: Date? = nil) async throws -> (Summary, PassList) {
        let sink = PassList()
        var options = AnalysisOptions()
        options.sampling = sampling
        options.recordedAt = recordedAt
        let analysis = Analysis(url: file, camera: "clip", sink: sink, options: options, stages: { _ in [MotionStage()] },
                                trackers: { [MotionTracker()] }, logger: Logger(label: "test"))
        return (try await analysis.run(), sink)
    }

    @Test func everyFrameOfRealFootageIsAnalysedAndMotionIsRecorded() async throws {
        let (summary, sink) = try await analyse(Fixtures.hamilton, sampling: .every(1))
        #expect(summary.framesDecoded == 275)
        #expect(summary.framesAnalyzed == 275)
        #expect(summary.framesDropped == 0)
        #expect(summary.stopReason == .end)
        #expect(abs(summary.mediaSeconds - 9.18) < 0.05)
        let passes = sink.passes
        #expect(passes.count == summary.sightings)
        #expect(!passes.isEmpty)
        #expect(summary.sightingsByKind == ["motion": passes.count])
        #expect((summary.detectionsByKind["motion"] ?? 0) >= passes.map(\.frames).reduce(0, +), "each frame of a pass found motion")
        for pass in passes {
            #expect(pass.kind == .motion)
            #expect(pass.lastTime >= pass.firstTime)
            #expect(pass.frames >= 2)
            #expect(pass.bestFrame.time >= pass.firstTime && pass.bestFrame.time <= pass.lastTime)
        }
        #expect(sink.prepared)
        #expect(sink.runs.allSatisfy { !$0.isLive }, "a recording")
    }

    @Test func passTimesFollowTheRecordingTime() async throws {
        let filmed = Date(timeIntervalSince1970: 1_795_000_000)
        let (_, sink) = try await analyse(Fixtures.hamilton, sampling: .every(1), recordedAt: filmed)
        #expect(!sink.runs.isEmpty)
        #expect(sink.runs.allSatisfy { $0.origin == filmed }, "media time 0 is when the file was filmed")
        #expect(sink.passes.allSatisfy { $0.firstTime >= 0 && $0.lastTime <= 9.2 })
    }

    @Test func fiveFramesPerSecond() async throws {
        let (summary, _) = try await analyse(Fixtures.hamilton, sampling: .fps(5))
        #expect(summary.framesDecoded == 275)
        #expect(summary.framesAnalyzed == 46)
    }

    @Test func samplingSparserThanTheGOPDecodesKeyframesOnly() async throws {
        // The clip's GOP is about 2 s; one sample every 2.5 s needs keyframes only.
        let (summary, _) = try await analyse(Fixtures.hamilton, sampling: .fps(0.4))
        #expect(summary.decodeMode == .keyframes)
        #expect(summary.framesDecoded < 150)
        #expect(summary.framesAnalyzed >= 3)
    }

    @Test func corruptFileKeepsItsSightingsAndCountsErrors() async throws {
        let (summary, sink) = try await analyse(Fixtures.path("corrupt.mp4"), sampling: .every(1))
        #expect(summary.decodeErrors > 0)
        #expect(summary.framesDecoded > 200)
        #expect(summary.stopReason == .end)
        #expect(sink.passes.count == summary.sightings)
        #expect(summary.sightings > 0)
    }

    /// The worker is held at a gate until the queue is full and the reader waits for room; then the analysis is
    /// stopped and the gate opened: every frame queued before the stop is still analysed.
    @Test func stopDrainsWhatIsQueuedAndCommits() async throws {
        let sink = PassList()
        var options = AnalysisOptions()
        options.sampling = .every(1)
        options.workers = 1
        options.queueCapacity = 8
        let gate = Gate()
        let analysis = Analysis(url: Fixtures.hamilton, camera: "clip", sink: sink, options: options,
                                stages: { _ in [GatedStage(gate: gate), MotionStage()] },
                                trackers: { [MotionTracker()] }, logger: Logger(label: "test"))
        let run = Task { try await analysis.run() }
        // One frame at the worker, eight queued, the tenth waiting for room: nothing moves until the gate opens.
        #expect(await eventually { analysis.progress.framesSampled >= 10 }, "the queue filled")
        #expect(analysis.progress.framesAnalyzed == 0)
        analysis.stop()
        gate.open()
        let summary = try await run.value
        #expect(summary.stopReason == .interrupted)
        #expect(summary.framesSampled >= 10 && summary.framesSampled < 275, "reading stopped early")
        #expect(summary.framesAnalyzed == summary.framesSampled, "the queue was drained")
        #expect(sink.passes.count == summary.sightings)
    }

    @Test func missingFileThrowsBeforeAnythingRuns() async throws {
        await #expect(throws: MediaError.self) { try await analyse("/nonexistent.mp4", sampling: .fps(5)) }
    }
}

/// Holds every worker that reaches it until `open()`.
final class Gate: @unchecked Sendable {
    private let condition = NSCondition()
    private var isOpen = false

    func open() {
        condition.lock()
        isOpen = true
        condition.broadcast()
        condition.unlock()
    }

    func pass() {
        condition.lock()
        while !isOpen { condition.wait() }
        condition.unlock()
    }
}

/// A stage that waits at a gate and finds nothing: frames pile up behind it.
struct GatedStage: Stage {
    let gate: Gate
    let name = "gated"
    var isGatedByMotion: Bool { false }

    func analyze(_ input: StageInput) throws -> [Detection] {
        gate.pass()
        return []
    }
}

/// Polls `condition` until it holds or `timeout` passes: waiting for a state, not for a guessed time. The limit is
/// generous because a full parallel test run on two cores can starve the concurrency pool for a long while.
func eventually(timeout: Duration = .seconds(120), _ condition: @Sendable () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}
