public import ServiceLifecycle
import UnixSignals

/// Calls `reload` at every SIGHUP (re-read the configuration), one reload at a time, until graceful shutdown.
/// SIGTERM and SIGINT belong to the service group (`ServiceGroupConfiguration.gracefulShutdownSignals`).
///
/// ```swift
/// let services = [http, cameras, await ReloadOnHangup { await runtime.reload(from: path) }]
/// ```
public struct ReloadOnHangup: Service {
    private let signals: UnixSignalsSequence
    private let reload: @Sendable () async -> Void

    /// Traps SIGHUP from here on, before the group runs: a SIGHUP that came between readiness and the start of
    /// this service would otherwise end the process (its default action). One that comes before `run()` is kept.
    public init(_ reload: @escaping @Sendable () async -> Void) async {
        signals = await UnixSignalsSequence(trapping: .sighup)
        self.reload = reload
    }

    public func run() async {
        for await _ in signals.cancelOnGracefulShutdown() {
            await reload()
        }
    }
}
