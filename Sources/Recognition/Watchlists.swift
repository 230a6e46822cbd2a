public import Incidents
import Synchronization

/// The face watchlist and the plate hotlist as the running cameras see them, replaced whole when they change.
///
/// Stages and trackers read `current` for every frame or pass; a reloader (`WatchlistReloader` in `serve`)
/// swaps in what the database holds, so a plate added from the CLI or the API reaches every camera without a restart.
public final class Watchlists: Sendable {
    public struct Snapshot: Sendable {
        public var faces: FaceWatchlist
        public var plates: PlateHotlist
    }

    private let snapshot: Mutex<Snapshot>

    public init(faces: FaceWatchlist = FaceWatchlist(entries: []), plates: PlateHotlist = PlateHotlist(entries: [])) {
        snapshot = Mutex(Snapshot(faces: faces, plates: plates))
    }

    /// Reads both lists from the store.
    public convenience init(store: IncidentStore, maximumConfusions: Int = 1) throws {
        self.init(faces: try FaceWatchlist(store: store),
                  plates: try PlateHotlist(store: store, maximumConfusions: maximumConfusions))
    }

    public var current: Snapshot { snapshot.withLock { $0 } }
    public var faces: FaceWatchlist { snapshot.withLock { $0.faces } }
    public var plates: PlateHotlist { snapshot.withLock { $0.plates } }

    /// Swaps in lists read from any store (`WatchlistStore`).
    public func replace(faces: FaceWatchlist, plates: PlateHotlist) {
        snapshot.withLock { $0 = Snapshot(faces: faces, plates: plates) }
    }

    /// Re-reads both lists from the store (keeping the confusion setting).
    public func reload(from store: IncidentStore) throws {
        let confusions = plates.maximumConfusions
        let faces = try FaceWatchlist(store: store)
        let plates = try PlateHotlist(store: store, maximumConfusions: confusions)
        snapshot.withLock { $0 = Snapshot(faces: faces, plates: plates) }
    }
}
