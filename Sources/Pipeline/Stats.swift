import Synchronization

/// The running summary, shared by the reader, the workers and whoever shows progress.
final class Stats: Sendable {
    private let summary: Mutex<Summary>

    init(_ summary: Summary) { self.summary = Mutex(summary) }

    func update(_ change: (inout Summary) -> Void) {
        summary.withLock { change(&$0) }
    }

    var current: Summary { summary.withLock { $0 } }
}
