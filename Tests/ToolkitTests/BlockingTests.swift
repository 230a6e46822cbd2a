import Dispatch
import Synchronization
import Testing
import Toolkit

struct BlockingTests {
    @Test func returnsTheResultAndTheError() async throws {
        #expect(try await Blocking.run { 6 * 7 } == 42)
        struct Refused: Error {}
        await #expect(throws: Refused.self) { try await Blocking.run { throw Refused() } }
    }

    @Test func aCancelledTaskRunsNothing() async {
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await Blocking.run { true }
        }
        await #expect(throws: CancellationError.self) { try await task.value }
    }

    @Test func dedicatedThreadReturnsTheResult() async throws {
        #expect(try await DedicatedThread.run { "done" } == "done")
    }
}

/// Slow work on some of the pool's threads leaves room for short work beside it.
struct BlockingPoolTests {
    @Test(.timeLimit(.minutes(1))) func shortWorkIsNotQueuedBehindSlowWork() async throws {
        let slow = Blocking.threads / 2
        let gate = Gate()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<slow {
                group.addTask { try await Blocking.run { gate.hold() } }
            }
            while gate.held < slow { try await Task.sleep(for: .milliseconds(1)) }
            #expect(try await Blocking.run { "short" } == "short", "ran while the slow work still holds its threads")
            gate.open(slow)
            try await group.waitForAll()
        }
    }
}

/// Holds pool threads until opened.
private final class Gate: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    private let count = Atomic<Int>(0)

    var held: Int { count.load(ordering: .relaxed) }

    func hold() {
        count.add(1, ordering: .relaxed)
        semaphore.wait()
    }

    func open(_ threads: Int) { for _ in 0..<threads { semaphore.signal() } }
}
