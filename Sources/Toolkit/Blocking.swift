import NIOPosix

/// Bounded blocking work (SQLite reads and writes, model loads, a photo's face search) runs on NIO's one shared
/// thread pool, never on the cooperative pool that serves every request and service.
///
/// ```swift
/// let count = try await Blocking.run { try store.pendingCount() }
/// ```
///
/// Work that may block for long (a camera's reader loop, an open that waits on the network) takes a thread of its
/// own instead (`DedicatedThread`), so it never holds one of the pool's few threads.
public enum Blocking {
    /// Runs `work` on the pool and returns its result. A task cancelled before its work started gets a
    /// `CancellationError` and the work never runs; work already running finishes.
    public static func run<Result: Sendable>(_ work: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await NIOThreadPool.singleton.runIfActive(work)
    }
}
