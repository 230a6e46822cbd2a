public import Testing
import Foundation

/// For suites whose tests start child processes (the CLI, ffmpeg, the simulated cameras) and wait for them
/// asynchronously. Swift Testing starts every test at once; sixty tests that each start the debug binary beside
/// ffmpeg would share two cores, and their generous deadlines would still pass. With this trait a test first waits
/// its turn: as many of these tests run at once as the machine has cores (at least two). The test runs where Swift
/// Testing puts it, on the cooperative pool, so it must not block a thread: it waits with `await` (`ChildProcess`,
/// `socketReady`), and blocking work goes to Toolkit's `Blocking` pool or a `DedicatedThread`, as in the product.
public struct ChildProcesses: SuiteTrait, TestTrait, TestScoping {
    public var isRecursive: Bool { true }

    public func provideScope(for test: Test, testCase: Test.Case?,
                             performing function: @Sendable () async throws -> Void) async throws {
        guard testCase != nil, !Turns.held else { return try await function() }
        try await Turns.shared.withTurn(function)
    }
}

extension Trait where Self == ChildProcesses {
    /// The suite's tests start child processes: they take turns (see `ChildProcesses`).
    public static var childProcesses: Self { .init() }
}

/// A counting semaphore that suspends instead of blocking: `.childProcesses` suites together run no more tests at once
/// than the machine has cores.
actor Turns {
    static let shared = Turns(max(2, ProcessInfo.processInfo.activeProcessorCount))
    /// Set while a test holds a turn: the trait given twice (on a suite and on its test) takes one turn, not two.
    @TaskLocal static var held = false

    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(_ count: Int) { free = count }

    /// Runs `function` once a turn is free, holding it until `function` returns or throws.
    nonisolated func withTurn(_ function: @Sendable () async throws -> Void) async throws {
        await take()
        do {
            try await Self.$held.withValue(true) { try await function() }
        } catch {
            await give()
            throw error
        }
        await give()
    }

    private func take() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func give() {
        if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
    }
}
