public import Incidents
public import Logging
public import Recognition
public import ServiceLifecycle
import Toolkit

/// Brings watchlist and hotlist changes (from the CLI, the API, another process) to the running cameras:
/// polls the store's change counter every `interval` and re-reads the lists when it moved.
public struct WatchlistReloader: Service {
    private let store: any WatchlistStore & MaintenanceStore
    private let watchlists: Watchlists
    private let periodic: Periodic
    private let logger: Logger

    /// - Parameter timer: the clock the waits between looks are measured on (tests pass a `TestClock`).
    public init(store: IncidentStore, watchlists: Watchlists, interval: Duration = .milliseconds(500),
                timer: some Clock<Duration> = ContinuousClock(), logger: Logger) {
        self.init(on: store.async, watchlists: watchlists, interval: interval, timer: timer, logger: logger)
    }

    /// The same on any store (a shared one's counter moves with every node's changes).
    public init(on store: any WatchlistStore & MaintenanceStore, watchlists: Watchlists, interval: Duration = .milliseconds(500),
                timer: some Clock<Duration> = ContinuousClock(), logger: Logger) {
        self.store = store
        self.watchlists = watchlists
        periodic = Periodic(every: interval, clock: timer)
        self.logger = logger
    }

    public func run() async throws {
        var seen = try? await store.watchlistVersion()
        // The lists were read at start: the first look is one interval later.
        guard await periodic.wait() else { return }
        await periodic.run { await reloadIfChanged(since: &seen) }
    }

    /// Re-reads the lists when the store's change counter moved past `seen`, and then moves `seen` on.
    private func reloadIfChanged(since seen: inout Int?) async {
        do {
            let version = try await store.watchlistVersion()
            guard version != seen else { return }
            try await watchlists.reload(from: store)
            seen = version
            let current = watchlists.current
            logger.notice("watchlists reloaded: \(current.faces.entries.count) identities, \(current.plates.entries.count) plates")
            for refusal in current.plates.refused { logger.warning("\(refusal)") }
        } catch {
            logger.error("cannot reload the watchlists: \(error)")
        }
    }
}
