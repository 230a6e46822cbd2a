import AnalysisKit
import Foundation
import Logging
import Media
@testable import Pipeline
import Synchronization
import TestSupport
import Testing

/// A costly stage (faces, plates) that finds nothing and notes the media time of each frame it runs on.
private struct CountingStage: Stage {
    final class Runs: Sendable {
        let times = Mutex<[Double]>([])
    }

    let runs: Runs
    let name = "counting"

    func analyze(_ input: StageInput) throws -> [Detection] {
        runs.times.withLock { $0.append(input.frame.time) }
        return []
    }
}

/// The motion gate over a still scene: what is in view when the camera connects is looked at, and then again only
/// now and then.
@Suite(.childProcesses)
struct MotionGateTests {
    /// 30 s of a parked car at 2 frames a second: nothing moves.
    private static let stillClip = Lazily<String> {
        let path = try temporaryDirectory("still").appendingPathComponent("parked.mp4").path
        try await runTool("/usr/bin/ffmpeg", ["-hide_banner", "-loglevel", "error", "-loop", "1", "-i", Fixtures.path("plates/2d2723313e.jpg"),
                                              "-t", "30", "-r", "2", "-vf", "scale=640:-2,format=yuv420p", "-c:v", "libx264", path])
        return path
    }

    private func gatedRuns(loop: Bool = false) async throws -> [Double] {
        var options = AnalysisOptions()
        options.sampling = .every(1)
        options.motionGate = true
        options.workers = 1
        if loop { options.loop = true; options.maxSeconds = 75 }
        let runs = CountingStage.Runs()
        let analysis = Analysis(url: try await Self.stillClip.value, camera: "park", sink: PassList(), options: options,
                                stages: { _ in [MotionStage(), CountingStage(runs: runs)] },
                                trackers: { [MotionTracker()] }, logger: Logger(label: "test"))
        let summary = try await analysis.run()
        #expect(summary.framesAnalyzed >= 60)
        return runs.times.withLock { $0 }
    }

    /// The first frame is looked at whole (a car parked in view at connect), then the still picture once per 10 s.
    @Test func aStillSceneIsSearchedAtConnectAndThenOncePerTenSeconds() async throws {
        let times = try await gatedRuns()
        #expect((times.first ?? 99) < 0.01, "the first frame: \(times)")
        #expect(times.count <= 1 + 30 / Int(MotionGate.stillInterval), "at most one search per 10 s: \(times)")
        #expect(times.count >= 3, "the still picture is looked at again: \(times)")
        for (earlier, later) in zip(times, times.dropFirst()) { #expect(later - earlier >= MotionGate.stillInterval - 0.01) }
    }

    /// A looped still recording stays still across the loop: the loop is not a new connection.
    @Test func aLoopedStillSceneCostsNoMore() async throws {
        let times = try await gatedRuns(loop: true)
        #expect(times.count <= 1 + 75 / Int(MotionGate.stillInterval), "\(times)")
    }
}
