import Foundation
public import Logging

/// The analysis threads of the process, shared by every camera.
///
/// Cameras put sampled frames into their own bounded lane of one queue; the workers take from the lanes in
/// turn, so a busy camera cannot starve the others. Each worker owns its stage instances and models.
public final class WorkerPool: Sendable {
    let queue = WorkQueue()
    public let size: Int
    private let finished = DispatchGroup()

    /// The most workers a pool starts: each holds its own models and frames, so thousands would take gigabytes.
    public static let maxWorkers = 64

    /// Starts `workers` threads, at least one and at most `maxWorkers`.
    public init(workers: Int, logger: Logger) {
        size = min(max(1, workers), Self.maxWorkers)
        for index in 0..<size {
            let worker = Worker(index: index, logger: logger)
            finished.enter()
            let thread = Thread { [queue, finished] in
                worker.run(queue)
                finished.leave()
            }
            thread.name = "sharpeyes-worker-\(index)"
            thread.start()
        }
    }

    /// Lets the workers finish what is queued, then ends them. Blocks: call it off the concurrency pool.
    public func shutdown() {
        queue.close()
        finished.wait()
    }
}
