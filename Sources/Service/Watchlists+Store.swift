public import Incidents
public import Recognition

/// The lists as a store protocol returns them: what `serve` on a shared store loads at start and reloads on change.
extension Watchlists {
    /// Both lists as `store` holds them. Plate entries the hotlist refuses are in `plates.refused`.
    public static func load(from store: any WatchlistStore, maximumConfusions: Int) async throws -> Watchlists {
        let (faces, plates) = try await read(store, maximumConfusions: maximumConfusions)
        return Watchlists(faces: faces, plates: plates)
    }

    /// Re-reads both lists from `store`, keeping the confusion setting.
    public func reload(from store: any WatchlistStore) async throws {
        let (faces, plates) = try await Self.read(store, maximumConfusions: plates.maximumConfusions)
        replace(faces: faces, plates: plates)
    }

    private static func read(_ store: any WatchlistStore, maximumConfusions: Int) async throws -> (FaceWatchlist, PlateHotlist) {
        let faces = FaceWatchlist(rows: try await store.faceWatchlist())
        return (faces, PlateHotlist(rows: try await store.plateHotlist(), maximumConfusions: maximumConfusions))
    }
}
