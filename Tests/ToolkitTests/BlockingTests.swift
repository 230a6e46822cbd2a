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
