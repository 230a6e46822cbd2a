import Incidents
import Logging
import Media

/// One analysis thread: its own stage instances and its own scaler, fed from the shared queue.
final class Worker {
    private var stages: [any Stage]
    private let scaler: Scaler
    private let stats: Stats
    private let logger: Logger

    init(stages: [any Stage], analysisWidth: Int, stats: Stats, logger: Logger) {
        self.stages = stages
        scaler = Scaler(format: .rgb24, maxWidth: analysisWidth)
        self.stats = stats
        self.logger = logger
    }

    func run(_ queue: WorkQueue) {
        while let item = queue.take() {
            let input = StageInput(frame: item.frame, thumbnail: item.thumbnail,
                                   previousThumbnail: item.previousThumbnail, scaler: scaler)
            var detections: [Detection] = []
            for index in stages.indices {
                do {
                    detections += try stages[index].analyze(input)
                } catch {
                    stats.update { $0.stageErrors += 1 }
                    logger.error("\(stages[index].name) stage failed on frame \(item.frame.index): \(error)")
                }
            }
            let faces = detections.count { $0.kind == .face }, plates = detections.count { $0.kind == .plate }
            stats.update {
                $0.framesAnalyzed += 1
                $0.facesDetected += faces
                $0.platesDetected += plates
            }
            item.aggregator.submit(sequence: item.sequence, frame: item.frame, detections: detections)
        }
    }
}

/// Moves a value that is not `Sendable` to another thread that becomes its only user.
struct Handover<Value>: @unchecked Sendable {
    let value: Value

    init(_ value: Value) { self.value = value }
}
