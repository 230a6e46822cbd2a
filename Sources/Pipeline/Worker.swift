import AnalysisKit
import Foundation
import Logging
import Media
import CoreMetrics
import Metrics

/// One analysis thread of the pool: takes frames from any camera's lane and runs that camera's stages on them.
final class Worker: @unchecked Sendable {
    private let index: Int
    private let resources = WorkerResources()
    private let logger: Logger
    private var timers: [String: Metrics.Timer] = [:]

    init(index: Int, logger: Logger) {
        self.index = index
        self.logger = logger
    }

    func run(_ queue: WorkQueue) {
        while let item = queue.take() {
            let lane = item.lane
            let slot = lane.slots[index]
            let detections = analyse(item, lane: lane, slot: slot)
            lane.stats.update {
                $0.framesAnalyzed += 1
                for detection in detections { $0.detectionsByKind[detection.kind.rawValue, default: 0] += 1 }
            }
            lane.aggregator.submit(sequence: item.sequence, frame: item.frame, detections: detections)
        }
    }

    private func analyse(_ item: WorkItem, lane: Lane, slot: Lane.Slot) -> [Detection] {
        guard var stages = prepare(lane, slot) else { return [] }
        let scaler = slot.scaler ?? Scaler(format: .rgb24, maxWidth: lane.analysisWidth)
        slot.scaler = scaler
        let input = StageInput(frame: item.frame, thumbnail: item.thumbnail, previousThumbnail: item.previousThumbnail,
                               scaler: scaler)
        var detections: [Detection] = []
        // Decided at the first gated stage, once the motion stage (run before it) has measured the frame.
        var gateOpen: Bool?
        for index in stages.indices {
            if let gate = lane.gate, stages[index].isGatedByMotion {
                gateOpen = gateOpen ?? gate.passes(input)
                if gateOpen == false { continue }
            }
            let start = ContinuousClock.now
            do {
                detections += try stages[index].analyze(input)
                input.motion = detections.filter { $0.kind == .motion }.map(\.box)
                if stages[index] is MotionStage {
                    input.motionMeasured = ThumbnailPair(input.thumbnail, input.previousThumbnail) != nil
                }
            } catch {
                lane.stats.update { $0.stageErrors += 1 }
                lane.logger.error("\(stages[index].name) stage failed on frame \(item.frame.index): \(error)")
            }
            timer(stages[index].name).recordNanoseconds((ContinuousClock.now - start).nanoseconds)
        }
        slot.stages = stages
        return detections
    }

    /// This worker's stage instances for the lane, made on its first frame; nil when they cannot be made.
    private func prepare(_ lane: Lane, _ slot: Lane.Slot) -> [any Stage]? {
        if let stages = slot.stages { return stages }
        do {
            let stages = try lane.makeStages(resources)
            slot.stages = stages
            return stages
        } catch {
            lane.logger.error("cannot set up the analysis stages: \(error)")
            lane.stats.update { $0.stageErrors += 1; $0.error = "cannot set up the analysis stages: \(error)" }
            slot.stages = []
            return nil
        }
    }

    private func timer(_ stage: String) -> Metrics.Timer {
        if let timer = timers[stage] { return timer }
        let timer = Metrics.Timer(label: MetricName.stageSeconds, dimensions: [("stage", stage)])
        timers[stage] = timer
        return timer
    }
}

/// Moves a value that is not `Sendable` to another thread that becomes its only user.
struct Handover<Value>: @unchecked Sendable {
    let value: Value

    init(_ value: Value) { self.value = value }
}

extension Duration {
    var nanoseconds: Int64 { components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000 }
}
