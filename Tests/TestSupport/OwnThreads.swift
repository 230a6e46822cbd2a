public import Testing
import Foundation

/// For suites whose tests block: they wait for a child process (the CLI, ffmpeg, the simulated camera) or run a model
/// for seconds in a synchronous test function. Swift Testing runs test functions on the cooperative pool, which has
/// one thread per core; two such tests on a 2-core machine hold the whole pool, and every async test (an in-process
/// server, an analysis polled until it reaches a state) waits behind them until its time limit passes.
///
/// With this trait a test first waits its turn (as many of these tests run at once as the machine has cores, so it
/// is not flooded with child processes), then runs on threads of its own: nothing it does waits for another test's
/// blocked thread, and the cooperative pool stays free for the async tests.
public struct OwnThreads: SuiteTrait, TestTrait, TestScoping {
    public var isRecursive: Bool { true }

    private static let turns = Turns(max(2, ProcessInfo.processInfo.activeProcessorCount))
    /// Set while a test holds a turn: the trait given twice (on a suite and on its test) takes one turn, not two.
    @TaskLocal private static var holdsTurn = false

    public func provideScope(for test: Test, testCase: Test.Case?,
                             performing function: @Sendable () async throws -> Void) async throws {
        guard testCase != nil, !Self.holdsTurn else { return try await function() }
        await Self.turns.take()
        do {
            try await Self.$holdsTurn.withValue(true) {
                try await withTaskExecutorPreference(ThreadPerJob.shared) { try await function() }
            }
        } catch {
            await Self.turns.give()
            throw error
        }
        await Self.turns.give()
    }
}

extension Trait where Self == OwnThreads {
    /// The suite's tests block a thread (see `OwnThreads`); they get threads of their own.
    public static var ownThreads: Self { .init() }
}

/// A counting semaphore that suspends instead of blocking.
actor Turns {
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(_ count: Int) { free = count }

    func take() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func give() {
        if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
    }
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
