public import ServiceLifecycle
import UnixSignals

/// Calls `reload` at every SIGHUP (re-read the configuration), one reload at a time, until graceful shutdown.
/// SIGTERM and SIGINT belong to the service group (`ServiceGroupConfiguration.gracefulShutdownSignals`).
public struct ReloadOnHangup: Service {
    private let reload: @Sendable () async -> Void

    public init(_ reload: @escaping @Sendable () async -> Void) { self.reload = reload }

    public func run() async {
        for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
            await reload()
        }
    }
}
