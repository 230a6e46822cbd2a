import Foundation

/// The child of the synchronous `ChildProcess` API: Foundation's `Process`, both pipes read on Dispatch's threads
/// until EOF. It needs no Swift concurrency, so a test blocking a thread of the cooperative pool cannot starve it.
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
        stdout.fileHandleForReading.readabilityHandler = { [weak self] in self?.read($0, errors: false) }
        stderr.fileHandleForReading.readabilityHandler = { [weak self] in self?.read($0, errors: true) }
        try process.run()
    }

    private func read(_ handle: FileHandle, errors: Bool) {
        let data = handle.availableData
        lock.withLock {
            if data.isEmpty {
                handle.readabilityHandler = nil
                open -= 1
            } else if errors {
                err.append(data)
            } else {
                out.append(data)
            }
        }
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
