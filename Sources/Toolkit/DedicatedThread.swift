import Foundation

/// A thread of its own for work that may block for long: a camera's reader loop for the whole run, an open that
/// waits on the network for its timeout. Bounded work goes to `Blocking.run` instead.
public enum DedicatedThread {
    /// Runs `body` on a new thread and returns its result.
    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }

    /// Runs `body` on a new thread and returns when it has.
    public static func run(_ body: @escaping @Sendable () -> Void) async {
        await withCheckedContinuation { continuation in
            Thread { body(); continuation.resume() }.start()
        }
    }
}
