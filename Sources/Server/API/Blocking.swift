import NIOPosix

/// SQLite reads and writes, and the face models, block their thread: they run on NIO's thread pool, never on the
/// cooperative pool that serves every request.
enum Blocking {
    static func run<Result: Sendable>(_ work: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await NIOThreadPool.singleton.runIfActive(work)
    }
}
