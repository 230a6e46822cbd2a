public import Testing
import Foundation

/// For suites whose tests block: they wait for a child process (the CLI, ffmpeg, the simulated camera) or run a model
/// for seconds in a synchronous test function. Swift Testing runs test functions on the cooperative pool, which has
/// one thread per core; two such tests on a 2-core machine hold the whole pool, and every async test (an in-process
/// server, an analysis polled until it reaches a state) waits behind them until its time limit passes. With this
/// trait the suite's tests run on threads of their own (`BlockingTestThreads`).
public struct OwnThreads: SuiteTrait, TestTrait, TestScoping {
    public var isRecursive: Bool { true }

    public func provideScope(for test: Test, testCase: Test.Case?,
                             performing function: @Sendable () async throws -> Void) async throws {
        guard testCase != nil else { return try await function() }
        try await withTaskExecutorPreference(BlockingTestThreads.shared) { try await function() }
    }
}

extension Trait where Self == OwnThreads {
    /// The suite's tests block a thread (see `OwnThreads`); they get threads of their own.
    public static var ownThreads: Self { .init() }
}

/// A few threads beside the cooperative pool, one per core as that pool has: the blocking tests share them, so at
/// most that many run at once (the machine is not flooded with child processes) and the cooperative pool stays free
/// for the async tests.
final class BlockingTestThreads: TaskExecutor, @unchecked Sendable {
    static let shared = BlockingTestThreads(count: max(2, ProcessInfo.processInfo.activeProcessorCount))

    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    init(count: Int) {
        for index in 0..<count {
            let thread = Thread { [unowned self] in self.work() }
            thread.name = "blocking-tests-\(index)"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        condition.lock()
        jobs.append(UnownedJob(job))
        condition.signal()
        condition.unlock()
    }

    private func work() {
        let executor = asUnownedTaskExecutor()
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: executor)
        }
    }
}
