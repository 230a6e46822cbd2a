import Foundation
import Subprocess
import Synchronization
import SystemPackage

/// A child process whose stdout and stderr are collected while it runs and read to the end: its status is known only
/// once both pipes reached EOF, so no output arrives after it.
///
/// The child runs through swift-subprocess; `start`, `waitUntil`, `exit` and `kill` wait without holding a thread.
/// There is no blocking variant: swift-subprocess finishes a run on the cooperative pool, so a test that blocked a
/// pool thread until the run ended could wait forever (two FaceQueueTests did, holding both threads of a 2-core pool).
public final class ChildProcess: Sendable {
    private let run: SubprocessRun

    private init(run: SubprocessRun) { self.run = run }

    /// Starts `executable` with `arguments` and returns once it is running (or throws when it could not start).
    public static func start(_ executable: String, _ arguments: [String]) async throws -> ChildProcess {
        ChildProcess(run: try await SubprocessRun.start(executable, arguments))
    }

    public var stdout: String { run.output(errors: false) }
    public var stderr: String { run.output(errors: true) }
    /// The process id.
    public var pid: Int32 { run.pid }
    /// The exit status, or the number of the signal that ended it; nil while it runs or its output is still being read.
    public var status: Int32? { run.ended?.code }
    /// Whether a signal ended it (false while it runs).
    public var endedBySignal: Bool { run.ended?.bySignal ?? false }

    /// Waits up to `timeout` seconds for `condition` (on the output so far, or on what the process serves), checking
    /// it every 50 ms.
    @discardableResult
    public func waitUntil(_ timeout: Double, _ condition: (ChildProcess) async -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(timeout)
        while ContinuousClock.now < deadline {
            if await condition(self) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return await condition(self)
    }

    /// Sends `number` (SIGTERM, SIGHUP, ...) while it runs.
    public func signal(_ number: Int32) { run.signal(number) }

    /// Whether the process has taken over `signal` (caught or ignored it, per /proc/PID/status), so sending it no
    /// longer kills it outright: a command that prints nothing when it starts is ready for SIGTERM once this holds.
    public func handles(_ signal: Int32) -> Bool {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return false }
        let bit = UInt64(1) << UInt64(signal - 1)
        return status.split(separator: "\n").contains { line in
            let field = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard field.count == 2, field[0] == "SigCgt" || field[0] == "SigIgn" else { return false }
            return (UInt64(field[1], radix: 16) ?? 0) & bit != 0
        }
    }

    /// Waits for the exit (killing it after `timeout` seconds) and returns its status, with all its output read.
    @discardableResult
    public func exit(timeout: Double = 60) async -> Int32 {
        if await !waitUntil(timeout, { $0.status != nil }) { signal(SIGKILL) }
        return await run.finished()
    }

    /// Kills it (when it still runs) and waits for the end.
    public func kill() async {
        signal(SIGKILL)
        _ = await run.finished()
    }

    deinit { run.signal(SIGKILL) }
}

/// A child run through swift-subprocess, on the task that drives it.
private final class SubprocessRun: Sendable {
    private struct State {
        var out = Data()
        var err = Data()
        var execution: Execution<NoInput, SequenceOutput, SequenceOutput>?
        var pid: Int32 = 0
        var status: TerminationStatus?
        var failure: (any Error)?
    }

    private let state = Mutex(State())
    private let task = Mutex<Task<Void, Never>?>(nil)

    /// Starts the run and returns once the process is running (or throws when it could not start).
    static func start(_ executable: String, _ arguments: [String]) async throws -> SubprocessRun {
        let run = SubprocessRun()
        let task = Task { await run.run(executable, arguments) }
        run.task.withLock { $0 = task }
        while run.state.withLock({ $0.pid == 0 && $0.status == nil && $0.failure == nil }) {
            try? await Task.sleep(for: .milliseconds(5))
        }
        if let failure = run.state.withLock({ $0.pid == 0 ? $0.failure : nil }) { throw failure }
        return run
    }

    var pid: Int32 { state.withLock { $0.pid } }

    /// Set once swift-subprocess's run returned: the process was reaped after both pipes reached EOF.
    var ended: (code: Int32, bySignal: Bool)? {
        state.withLock {
            switch $0.status {
            case .exited(let code)?: (code, false)
            case .signaled(let code)?: (code, true)
            case nil: $0.failure == nil ? nil : (-1, false)
            }
        }
    }

    func output(errors: Bool) -> String {
        state.withLock { String(decoding: errors ? $0.err : $0.out, as: UTF8.self) }
    }

    func signal(_ number: Int32) {
        let execution = state.withLock { $0.status == nil ? $0.execution : nil }
        try? execution?.send(signal: Signal(rawValue: number))
    }

    func finished() async -> Int32 {
        await task.withLock({ $0 })?.value
        return ended?.code ?? -1
    }

    /// Runs the process, collecting both pipes until EOF.
    private func run(_ executable: String, _ arguments: [String]) async {
        do {
            let result = try await Subprocess.run(
                .path(FilePath(executable)), arguments: Arguments(arguments),
                input: .none, output: .sequence, error: .sequence
            ) { execution in
                state.withLock {
                    $0.execution = execution
                    $0.pid = execution.processIdentifier.value
                }
                async let out: Void = collect(execution.standardOutput, errors: false)
                async let err: Void = collect(execution.standardError, errors: true)
                _ = try await (out, err)
            }
            state.withLock {
                $0.status = result.terminationStatus
                $0.execution = nil
            }
        } catch {
            state.withLock {
                $0.failure = error
                $0.execution = nil
            }
        }
    }

    private func collect(_ pipe: SubprocessOutputSequence, errors: Bool) async throws {
        for try await chunk in pipe {
            let data = chunk.withUnsafeBytes { Data($0) }
            state.withLock { if errors { $0.err.append(data) } else { $0.out.append(data) } }
        }
    }
}

/// The built `sharpeyes` executable (built by `swift build --build-tests`).
public enum SharpEyesBinary {
    public static var path: String {
        if let override = ProcessInfo.processInfo.environment["SHARPEYES_BIN"] { return override }
        return Fixtures.packageRoot.appendingPathComponent(".build/debug/sharpeyes").path
    }

    /// Runs the CLI to completion, with `environment` (`NAME=value`) added to this process's.
    public static func run(_ arguments: [String], environment: [String] = [],
                           timeout: Double = 120) async throws -> (status: Int32, stdout: String, stderr: String) {
        let child = try await ChildProcess.start("/usr/bin/env", environment + [path] + arguments)
        let status = await child.exit(timeout: timeout)
        return (status, child.stdout, child.stderr)
    }

    /// The JSON object on the last line of stdout.
    public static func lastJSON(_ stdout: String) throws -> [String: Any] {
        let line = stdout.split(separator: "\n").last.map(String.init) ?? ""
        guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw CocoaError(.coderReadCorrupt)
        }
        return object
    }
}

/// Runs a command line tool to completion (ffmpeg to prepare inputs); throws with its stderr when it fails.
public func runTool(_ executable: String, _ arguments: [String]) async throws {
    let child = try await ChildProcess.start(executable, arguments)
    try check(executable, status: await child.exit(timeout: 120), child)
}

private func check(_ executable: String, status: Int32, _ child: ChildProcess) throws {
    guard status == 0 else {
        throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "\(executable) failed: \(child.stderr)"])
    }
}
