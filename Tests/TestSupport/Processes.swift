public import Foundation

/// A child process whose output is collected while it runs.
public final class ChildProcess: @unchecked Sendable {
    public let process = Process()
    private let lock = NSLock()
    private var out = Data()
    private var err = Data()

    public init(_ executable: String, _ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        stdout.fileHandleForReading.readabilityHandler = { [weak self] handle in self?.append(handle.availableData, toErr: false) }
        stderr.fileHandleForReading.readabilityHandler = { [weak self] handle in self?.append(handle.availableData, toErr: true) }
        try process.run()
    }

    private func append(_ data: Data, toErr: Bool) {
        lock.lock()
        defer { lock.unlock() }
        if toErr { err.append(data) } else { out.append(data) }
    }

    public var stdout: String { lock.lock(); defer { lock.unlock() }; return String(decoding: out, as: UTF8.self) }
    public var stderr: String { lock.lock(); defer { lock.unlock() }; return String(decoding: err, as: UTF8.self) }

    /// Waits up to `timeout` seconds for `condition` on the output so far.
    @discardableResult
    public func waitFor(_ timeout: Double, _ condition: (ChildProcess) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition(self) { return true }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return condition(self)
    }

    public func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Waits for the exit (killing it after `timeout`) and returns its status.
    @discardableResult
    public func wait(timeout: Double = 60) -> Int32 {
        if !waitFor(timeout, { !$0.process.isRunning }) { signal(SIGKILL) }
        process.waitUntilExit()
        Thread.sleep(forTimeInterval: 0.1)  // last output
        return process.terminationStatus
    }

    /// `wait(timeout:)` for async tests: it does not hold a thread of the cooperative pool while the process runs.
    @discardableResult
    public func exit(timeout: Double = 60) async -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        return wait(timeout: 0)
    }

    public func terminate() {
        if process.isRunning { signal(SIGKILL) }
        process.waitUntilExit()
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
}

/// The built `sharpeyes` executable (built by `swift build --build-tests`).
public enum SharpEyesBinary {
    public static var path: String {
        if let override = ProcessInfo.processInfo.environment["SHARPEYES_BIN"] { return override }
        return Fixtures.packageRoot.appendingPathComponent(".build/debug/sharpeyes").path
    }

    /// Runs the CLI to completion, with `environment` (`NAME=value`) added to this process's.
    public static func run(_ arguments: [String], environment: [String] = [],
                           timeout: Double = 120) throws -> (status: Int32, stdout: String, stderr: String) {
        let child = environment.isEmpty ? try ChildProcess(path, arguments) : try ChildProcess("/usr/bin/env", environment + [path] + arguments)
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

/// Runs a command line tool to completion (ffmpeg to prepare inputs).
public func shell(_ executable: String, _ arguments: [String]) throws {
    let child = try ChildProcess(executable, arguments)
    let status = child.wait(timeout: 120)
    guard status == 0 else {
        throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "\(executable) failed: \(child.stderr)"])
    }
}
