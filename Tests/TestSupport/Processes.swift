import Foundation
import Subprocess
import Synchronization
import SystemPackage

/// A child process run through swift-subprocess, its stdout and stderr collected while it runs and read to the end
/// (the exit status is known only once both pipes reached EOF, so no output arrives after it).
///
/// Async tests use `start`, `waitUntil`, `exit` and `kill`: they wait without holding a thread. The synchronous `init`,
/// `waitFor`, `wait` and `terminate` block the calling thread; they are left for suites that still block
/// (`.ownThreads`). Their child runs on threads of its own, and they take the exit from the kernel (`waitid` with
/// WNOWAIT, once both pipes reached EOF) rather than from swift-subprocess, whose last steps need the cooperative
/// pool: a caller blocking a pool thread never waits for that pool. (The two sets have different names: an async overload of a name would be chosen, and need `await`, at
/// every synchronous call in an async function.)
public final class ChildProcess: Sendable {
    private let run: ChildRun
    private let task: Task<Void, Never>

    private init(run: ChildRun, task: Task<Void, Never>) {
        self.run = run
        self.task = task
    }

    /// Starts `executable` with `arguments` and returns once it is running (or throws when it could not start).
    public static func start(_ executable: String, _ arguments: [String]) async throws -> ChildProcess {
        let run = ChildRun()
        let child = ChildProcess(run: run, task: run.start(executable, arguments, executor: nil))
        while !run.startedOrEnded { try? await Task.sleep(for: .milliseconds(5)) }
        try run.throwIfNotStarted()
        return child
    }

    /// `start`, blocking the calling thread until it is running.
    public init(_ executable: String, _ arguments: [String]) throws {
        run = ChildRun()
        task = run.start(executable, arguments, executor: ThreadPerJob.shared)
        while !run.startedOrEnded { Thread.sleep(forTimeInterval: 0.005) }
        try run.throwIfNotStarted()
    }

    public var stdout: String { run.output(errors: false) }
    public var stderr: String { run.output(errors: true) }
    /// The process id, while it runs.
    public var pid: Int32 { run.pid }
    /// The exit status, or the number of the signal that ended it; nil while it runs (or its output is still being
    /// read).
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

    /// `waitUntil` blocking the calling thread.
    @discardableResult
    public func waitFor(_ timeout: Double, _ condition: (ChildProcess) -> Bool) -> Bool {
        let deadline = ContinuousClock.now + .seconds(timeout)
        while ContinuousClock.now < deadline {
            if condition(self) { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return condition(self)
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
        await task.value
        return status ?? -1
    }

    /// `exit(timeout:)` blocking the calling thread.
    @discardableResult
    public func wait(timeout: Double = 60) -> Int32 {
        if !waitFor(timeout, { $0.status != nil }) { signal(SIGKILL) }
        while status == nil { Thread.sleep(forTimeInterval: 0.01) }
        return status ?? -1
    }

    /// Kills it (when it still runs) and waits for the end.
    public func kill() async {
        signal(SIGKILL)
        await task.value
    }

    /// `kill()` blocking the calling thread.
    public func terminate() {
        signal(SIGKILL)
        while status == nil { Thread.sleep(forTimeInterval: 0.01) }
    }

    deinit { run.signal(SIGKILL) }
}

/// What one run shares between the task that drives swift-subprocess and the tests that read it.
private final class ChildRun: Sendable {
    private struct State {
        var out = Data()
        var err = Data()
        var execution: Execution<NoInput, SequenceOutput, SequenceOutput>?
        var pid: Int32 = 0
        /// Both pipes reached EOF.
        var read = false
        var status: TerminationStatus?
        var failure: (any Error)?
    }

    private let state = Mutex(State())

    var startedOrEnded: Bool { state.withLock { $0.pid != 0 || $0.status != nil || $0.failure != nil } }
    var pid: Int32 { state.withLock { $0.pid } }
    /// How it ended: from swift-subprocess once its run returned, else from the kernel once the output is read and
    /// the process has exited (not reaped yet: swift-subprocess reaps it); nil while it runs.
    var ended: (code: Int32, bySignal: Bool)? {
        let (status, failed, read, pid) = state.withLock { ($0.status, $0.failure != nil, $0.read, $0.pid) }
        switch status {
        case .exited(let code)?: return (code, false)
        case .signaled(let code)?: return (code, true)
        case nil: break
        }
        if failed { return (-1, false) }
        return read ? Self.exited(pid) : nil
    }

    /// The exit of `pid` if it has exited, leaving it waitable (WNOWAIT).
    private static func exited(_ pid: Int32) -> (code: Int32, bySignal: Bool)? {
        var info = siginfo_t()
        guard pid > 0, waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT | WNOHANG) == 0,
              info._sifields._sigchld.si_pid == pid else { return nil }
        return (info._sifields._sigchld.si_status, info.si_code != CLD_EXITED)
    }

    func output(errors: Bool) -> String {
        state.withLock { String(decoding: errors ? $0.err : $0.out, as: UTF8.self) }
    }

    func throwIfNotStarted() throws {
        if let failure = state.withLock({ $0.pid == 0 ? $0.failure : nil }) { throw failure }
    }

    func signal(_ number: Int32) {
        let execution = state.withLock { $0.status == nil ? $0.execution : nil }
        try? execution?.send(signal: Signal(rawValue: number))
    }

    /// Runs the process on `executor` (nil: the task's default), collecting both pipes until EOF.
    func start(_ executable: String, _ arguments: [String], executor: (any TaskExecutor)?) -> Task<Void, Never> {
        Task(executorPreference: executor) {
            do {
                let result = try await Subprocess.run(
                    .path(FilePath(executable)), arguments: Arguments(arguments),
                    input: .none, output: .sequence, error: .sequence
                ) { execution in
                    self.state.withLock {
                        $0.execution = execution
                        $0.pid = execution.processIdentifier.value
                    }
                    async let out: Void = self.collect(execution.standardOutput, errors: false)
                    async let err: Void = self.collect(execution.standardError, errors: true)
                    _ = try await (out, err)
                    self.state.withLock { $0.read = true }
                }
                self.state.withLock {
                    $0.status = result.terminationStatus
                    $0.execution = nil
                }
            } catch {
                self.state.withLock {
                    $0.failure = error
                    $0.execution = nil
                }
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

    /// `run` blocking the calling thread.
    public static func run(_ arguments: [String], environment: [String] = [],
                           timeout: Double = 120) throws -> (status: Int32, stdout: String, stderr: String) {
        let child = try ChildProcess("/usr/bin/env", environment + [path] + arguments)
        let status = child.wait(timeout: timeout)
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

/// `runTool` blocking the calling thread.
public func shell(_ executable: String, _ arguments: [String]) throws {
    let child = try ChildProcess(executable, arguments)
    try check(executable, status: child.wait(timeout: 120), child)
}

private func check(_ executable: String, status: Int32, _ child: ChildProcess) throws {
    guard status == 0 else {
        throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "\(executable) failed: \(child.stderr)"])
    }
}
