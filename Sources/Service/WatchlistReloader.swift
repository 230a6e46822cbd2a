public import Incidents
public import Logging
import Pipeline
public import Recognition
public import ServiceLifecycle

/// Brings watchlist and hotlist changes (from the CLI, the API, another process) to the running cameras:
/// polls the store's change counter every `interval` and re-reads the lists when it moved.
public struct WatchlistReloader: Service {
    private let store: IncidentStore
    private let watchlists: Watchlists
    private let interval: Duration
    private let logger: Logger

    public init(store: IncidentStore, watchlists: Watchlists, interval: Duration = .milliseconds(500), logger: Logger) {
        self.store = store
        self.watchlists = watchlists
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        var seen = try? await runOnThread { [store] in try store.watchlistVersion() }
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await Task.sleep(for: interval)
            do {
                let version = try await runOnThread { [store] in try store.watchlistVersion() }
                guard version != seen else { continue }
                try await runOnThread { [store, watchlists] in try watchlists.reload(from: store) }
                seen = version
                let current = watchlists.current
                logger.notice("watchlists reloaded: \(current.faces.entries.count) identities, \(current.plates.entries.count) plates")
                for refusal in current.plates.refused { logger.warning("\(refusal)") }
            } catch {
                logger.error("cannot reload the watchlists: \(error)")
            }
        }
    }
}
