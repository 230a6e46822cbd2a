public import Testing
import Foundation

/// For suites whose tests still block: they wait synchronously for a child process or run a model for seconds in a
/// synchronous test function. Swift Testing runs test functions on the cooperative pool, which has one thread per
/// core; two such tests on a 2-core machine hold the whole pool, and every async test waits behind them until its time
/// limit passes.
///
/// With this trait a test first waits its turn (see `Turns`), then runs on threads of its own: nothing it does waits
/// for another test's blocked thread, and the cooperative pool stays free for the async tests. Suites that wait
/// asynchronously use `.childProcesses` instead; this trait goes once no suite blocks.
public struct OwnThreads: SuiteTrait, TestTrait, TestScoping {
    public var isRecursive: Bool { true }

    public func provideScope(for test: Test, testCase: Test.Case?,
                             performing function: @Sendable () async throws -> Void) async throws {
        guard testCase != nil, !Turns.held else { return try await function() }
        try await Turns.shared.withTurn {
            try await withTaskExecutorPreference(ThreadPerJob.shared) { try await function() }
        }
    }
}

extension Trait where Self == OwnThreads {
    /// The suite's tests block a thread (see `OwnThreads`); they get threads of their own.
    public static var ownThreads: Self { .init() }
}

/// Runs each job of a task on a new thread: a job may block for as long as it likes without holding up another.
/// A test has few jobs, so a thread each costs nothing that matters.
final class ThreadPerJob: TaskExecutor {
    static let shared = ThreadPerJob()

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        let thread = Thread { job.runSynchronously(on: executor) }
        thread.stackSize = 8 << 20
        thread.start()
    }
}
