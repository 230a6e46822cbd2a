import Dispatching
import Foundation
public import Incidents
import Logging
public import PostgresStore
import Recognition
import Server
import ServiceLifecycle
import Toolkit

/// The store `serve` runs on: the embedded SQLite file (the default, one machine) or a PostgreSQL server that
/// several nodes share. Every service reaches it through the store protocols; only clips, recording segments and
/// the API's face models still need the SQLite type.
public enum ServeBackEnd: Sendable {
    case sqlite(IncidentStore)
    case postgres(PostgresStore)

    /// What `open` found: the store, the watchlists the cameras start with and the change counter read just before
    /// them (the reloader's first look compares with it, so a change made while the node loads its models is not
    /// missed), and, when cameras come from the database, the shared cameras as they are at start (the config's own
    /// imported first).
    struct Opened {
        let backEnd: ServeBackEnd
        let watchlists: Watchlists
        let watchlistVersion: Int
        let shared: [SharedCamera]?
    }

    /// Opens the configured store, migrated, and reads what the start needs. PostgreSQL is probed with one
    /// connection first, so an unreachable server or a refused login is one clear error at start, never a pool
    /// retrying in the background.
    static func open(_ config: ServeConfig, path: String?, dispatcher: Dispatcher, logger: Logger) async throws -> Opened {
        let clonedPlates = config.recognition.clonedPlates, confusions = config.recognition.plateConfusions
        guard let postgres = config.storage.postgres else {
            let database = config.storage.database
            let store = try await Blocking.run {
                try IncidentStore(path: database, clonedPlates: clonedPlates, onNewIncident: dispatcher.incidentHook)
            }
            let version = try await store.async.watchlistVersion()
            return Opened(backEnd: .sqlite(store), watchlists: try await Watchlists.load(from: store, maximumConfusions: confusions),
                          watchlistVersion: version, shared: nil)
        }
        let configuration = try PostgresStore.Configuration(url: postgres.url, password: postgres.password)
        let imported = try await importedCameras(config, path: path)
        // Migrated and read on a client of its own, whose run ends here: the long-lived client runs in the group.
        let (watchlists, version, shared) = try await PostgresStore.withStore(configuration, logger: logger) { store in
            let version = try await store.watchlistVersion()
            let watchlists = try await Watchlists.load(from: store as any WatchlistStore, maximumConfusions: confusions)
            guard postgres.camerasFromDatabase else { return (watchlists, version, nil as [SharedCamera]?) }
            if !imported.isEmpty { try await store.importCameras(imported) }
            return (watchlists, version, try await store.sharedCameras())
        }
        let store = try PostgresStore.pooled(configuration, clonedPlates: clonedPlates, dispatcher: dispatcher, logger: logger)
        return Opened(backEnd: .postgres(store), watchlists: watchlists, watchlistVersion: version, shared: shared)
    }

    /// The config's own cameras, as YAML, when they go to the database at start (`cameras_from: database`).
    private static func importedCameras(_ config: ServeConfig, path: String?) async throws -> [(id: String, definition: String)] {
        guard config.storage.postgres?.camerasFromDatabase == true, !config.cameras.isEmpty, let path else { return [] }
        return try await Blocking.run { try ServeConfig.cameraDefinitions(path: path) }
    }

    /// What the cameras write through.
    var cameraStore: CameraStore {
        switch self {
        case .sqlite(let store): .sqlite(store)
        case .postgres(let store): .shared(store)
        }
    }

    /// The store as the long-running services see it.
    var maintenance: any MaintenanceStore & WatchlistStore {
        switch self {
        case .sqlite(let store): store.async
        case .postgres(let store): store
        }
    }

    /// The shared store's LISTEN on watchlist changes, which every node hears when another changes a list; nil on
    /// SQLite (one process, whose counter is polled).
    var watchlistAnnouncements: WatchlistReloader.Announcements? {
        guard case .postgres(let store) = self else { return nil }
        return { report in await store.listen(on: .watchlist, report) }
    }

    /// The store as the API's routes see it.
    var records: any RecordStore & DispatchStore {
        switch self {
        case .sqlite(let store): store.async
        case .postgres(let store): store
        }
    }

    /// Where device alarms are recorded, and the cameras they are placed at.
    var alarms: any AlarmStore & HistoryStore {
        switch self {
        case .sqlite(let store): store.async
        case .postgres(let store): store
        }
    }

    /// Where face enrolment writes and search by photo reads (the unknown faces' embeddings).
    var faces: any MaintenanceStore & FaceEmbeddingStore {
        switch self {
        case .sqlite(let store): store.async
        case .postgres(let store): store
        }
    }

    var pairings: any PairingStore {
        switch self {
        case .sqlite(let store): store.async
        case .postgres(let store): store
        }
    }

    /// The shared store's pooled client, which the service group runs; nil on SQLite.
    var clientService: (any Service)? {
        if case .postgres(let store) = self { store.service } else { nil }
    }

    /// The SQLite store, for what runs on it alone (clips, segments); nil on PostgreSQL.
    public var sqlite: IncidentStore? {
        if case .sqlite(let store) = self { store } else { nil }
    }
}
