import AnalysisKit
import Logging
import Media

/// One camera's place in the shared worker pool: how its frames are analysed and where the results go.
///
/// Each worker of the pool keeps its own stage instances for the lane in its own slot (stages are not
/// thread-safe); the slot is touched only by that worker's thread.
final class Lane: @unchecked Sendable {
    final class Slot {
        var stages: [any Stage]?
        var scaler: Scaler?
    }

    let id: String
    let makeStages: Analysis.StageFactory
    let analysisWidth: Int
    /// With the motion gate on, faces and plates run only on the frames it lets through; nil: on every frame.
    let gate: MotionGate?
    let aggregator: Aggregator
    let stats: Stats
    let logger: Logger
    let slots: [Slot]

    init(id: String, workers: Int, makeStages: @escaping Analysis.StageFactory, analysisWidth: Int, motionGate: Bool,
         aggregator: Aggregator, stats: Stats, logger: Logger) {
        self.id = id
        self.makeStages = makeStages
        self.analysisWidth = analysisWidth
        gate = motionGate ? MotionGate() : nil
        self.aggregator = aggregator
        self.stats = stats
        self.logger = logger
        slots = (0..<workers).map { _ in Slot() }
    }
}
