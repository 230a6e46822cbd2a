import NIOCore
import NIOPosix

/// Bounded blocking work (SQLite reads and writes, model loads, a photo's face search) runs on one NIO thread pool,
/// never on the cooperative pool that serves every request and service.
///
/// ```swift
/// let count = try await Blocking.run { try store.pendingCount() }
/// ```
///
/// Work that may block for long (a camera's reader loop, an open that waits on the network) takes a thread of its
/// own instead (`DedicatedThread`), so it never holds one of the pool's threads.
public enum Blocking {
    /// The pool's size. NIO's shared pool has one thread per core, two on a small server: a face search (about a
    /// second of dlib) on each would stall every SQLite call behind them, delivery and escalation included. Idle
    /// threads cost nothing; the work a thread does is what the limit bounds.
    public static let threads = max(8, System.coreCount * 2)

    /// Started once, never shut down: it serves the whole process.
    private static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: threads)
        pool.start()
        return pool
    }()

    /// Runs `work` on the pool and returns its result. A task cancelled before its work started gets a
    /// `CancellationError` and the work never runs; work already running finishes.
    public static func run<Result: Sendable>(_ work: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await pool.runIfActive(work)
    }
}
