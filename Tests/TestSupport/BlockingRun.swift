import Foundation

/// The child of the synchronous `ChildProcess` API: Foundation's `Process`, each pipe read to EOF by a thread of its
/// own (blocking reads: a readability handler was not always called at EOF). It needs no Swift concurrency, so a test blocking a thread of the cooperative pool cannot starve it.
/// It goes with the last suite that blocks.
final class BlockingRun: ChildRun, @unchecked Sendable {
    private let process = Process()
    private let lock = NSLock()
    private var out = Data()
    private var err = Data()
    /// Pipes not yet at EOF.
    private var open = 2

    init(_ executable: String, _ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        try process.run()
        for (pipe, errors) in [(stdout, false), (stderr, true)] {
            Thread { [self] in read(pipe.fileHandleForReading, errors: errors) }.start()
        }
    }

    private func read(_ handle: FileHandle, errors: Bool) {
        while case let data = handle.availableData, !data.isEmpty {
            lock.withLock { if errors { err.append(data) } else { out.append(data) } }
        }
        lock.withLock { open -= 1 }
    }

    func output(errors: Bool) -> String { lock.withLock { String(decoding: errors ? err : out, as: UTF8.self) } }

    var pid: Int32 { process.processIdentifier }

    var ended: (code: Int32, bySignal: Bool)? {
        guard lock.withLock({ open == 0 }), !process.isRunning else { return nil }
        return (process.terminationStatus, process.terminationReason == .uncaughtSignal)
    }

    func signal(_ number: Int32) { if process.isRunning { kill(process.processIdentifier, number) } }

    func finished() async -> Int32 {
        while ended == nil { try? await Task.sleep(for: .milliseconds(10)) }
        return ended?.code ?? -1
    }
}
