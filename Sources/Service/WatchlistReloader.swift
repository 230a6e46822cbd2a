public import Incidents
public import Logging
import PostgresStore
public import Recognition
public import ServiceLifecycle
import Toolkit

/// Brings watchlist and hotlist changes (from the CLI, the API, another process) to the running cameras: re-reads
/// the lists when the store's change counter moved. On a shared store the changes are announced (LISTEN/NOTIFY)
/// and the counter is looked at the moment one is; the counter is polled every `interval` only while there is no
/// listening connection (before the first LISTEN, and from a lost connection until the next). A single SQLite
/// store has no announcements: its counter is polled.
public struct WatchlistReloader: Service {
    /// Runs a listener until cancelled, reporting what it hears.
    typealias Announcements = @Sendable (_ report: @escaping @Sendable (PostgresStore.ChannelEvent) -> Void) async -> Void

    private let store: any WatchlistStore & MaintenanceStore
    private let watchlists: Watchlists
    private let periodic: Periodic
    private let interval: Duration
    private let announcements: Announcements?
    /// The change counter when the lists were loaded; nil: read when `run` starts.
    private let loadedAt: Int?
    private let logger: Logger

    /// - Parameter timer: the clock the waits between looks are measured on (tests pass a `TestClock`).
    public init(store: IncidentStore, watchlists: Watchlists, interval: Duration = .milliseconds(500),
                timer: some Clock<Duration> = ContinuousClock(), logger: Logger) {
        self.init(on: store.async, watchlists: watchlists, interval: interval, timer: timer, logger: logger)
    }

    /// The same on any store (a shared one's counter moves with every node's changes).
    /// - Parameter loadedAt: the store's change counter read just before `watchlists` were loaded, so a change made
    ///   between that load and `run` is picked up by the first look; nil reads the counter when `run` starts.
    public init(on store: any WatchlistStore & MaintenanceStore, watchlists: Watchlists, loadedAt: Int? = nil,
                interval: Duration = .milliseconds(500), timer: some Clock<Duration> = ContinuousClock(), logger: Logger) {
        self.init(on: store, announcements: nil, watchlists: watchlists, loadedAt: loadedAt, interval: interval, timer: timer,
                  logger: logger)
    }

    /// With `announcements` (a shared store's LISTEN), polling is the fallback while they are not heard.
    init(on store: any WatchlistStore & MaintenanceStore, announcements: Announcements?, watchlists: Watchlists,
         loadedAt: Int? = nil, interval: Duration = .milliseconds(500), timer: some Clock<Duration> = ContinuousClock(),
         logger: Logger) {
        self.store = store
        self.watchlists = watchlists
        periodic = Periodic(every: interval, clock: timer)
        self.interval = interval
        self.announcements = announcements
        self.loadedAt = loadedAt
        self.logger = logger
    }

    public func run() async throws {
        var seen: Int? = if let loadedAt { loadedAt } else { try? await store.watchlistVersion() }
        guard let announcements else {
            // The lists were read at start: the first look is one interval later.
            guard await periodic.wait() else { return }
            await periodic.run { await reloadIfChanged(since: &seen, cause: "polled") }
            return
        }
        await listening(to: announcements, seen: &seen)
    }

    private enum Wake: Sendable {
        case tick
        case heard(PostgresStore.ChannelEvent)
    }

    /// One loop takes the ticks and what the listener reports, in order, so reloads never overlap.
    private func listening(to announcements: @escaping Announcements, seen: inout Int?) async {
        let (wakes, wake) = AsyncStream.makeStream(of: Wake.self, bufferingPolicy: .bufferingNewest(32))
        let periodic = periodic
        await withDiscardingTaskGroup { group in
            group.addTask { await announcements { wake.yield(.heard($0)) } }
            // Ends with the graceful shutdown, and so ends the loop below.
            group.addTask {
                await periodic.run { wake.yield(.tick) }
                wake.finish()
            }
            var heard = false
            for await event in wakes {
                heard = await handle(event, heard: heard, seen: &seen)
            }
            group.cancelAll()
        }
    }

    /// Whether announcements are heard after `event`.
    private func handle(_ event: Wake, heard: Bool, seen: inout Int?) async -> Bool {
        switch event {
        case .tick:
            if !heard { await reloadIfChanged(since: &seen, cause: "polled") }
            return heard
        case .heard(.listening):
            // What changed while nobody listened was not announced: looked at first, so that once this line is
            // logged, every later change is announced.
            await reloadIfChanged(since: &seen, cause: "listening again")
            logger.info("watchlist changes are announced (LISTEN); polling stops")
            return true
        case .heard(.changed):
            await reloadIfChanged(since: &seen, cause: "announced")
            return heard
        case .heard(.lost(let reason)):
            if heard { logger.warning("watchlist announcements lost (\(reason)); polling every \(interval) until listening again") }
            return false
        }
    }

    /// Re-reads the lists when the store's change counter moved past `seen`, and then moves `seen` on.
    private func reloadIfChanged(since seen: inout Int?, cause: String) async {
        do {
            let version = try await store.watchlistVersion()
            guard version != seen else { return }
            try await watchlists.reload(from: store)
            seen = version
            let current = watchlists.current
            logger.notice("watchlists reloaded: \(current.faces.entries.count) identities, \(current.plates.entries.count) plates (\(cause))")
            for refusal in current.plates.refused { logger.warning("\(refusal)") }
        } catch {
            logger.error("cannot reload the watchlists: \(error)")
        }
    }
}
