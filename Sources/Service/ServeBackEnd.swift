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

    /// Opens the configured store, migrated, and reads the watchlists the cameras start with. PostgreSQL is probed
    /// with one connection first, so an unreachable server or a refused login is one clear error at start, never a
    /// pool retrying in the background.
    static func open(_ config: ServeConfig, dispatcher: Dispatcher,
                     logger: Logger) async throws -> (ServeBackEnd, Watchlists) {
        let clonedPlates = config.recognition.clonedPlates, confusions = config.recognition.plateConfusions
        guard let postgres = config.storage.postgres else {
            let database = config.storage.database
            let store = try await Blocking.run {
                try IncidentStore(path: database, clonedPlates: clonedPlates, onNewIncident: dispatcher.incidentHook)
            }
            return (.sqlite(store), try await Watchlists.load(from: store, maximumConfusions: confusions))
        }
        let configuration = try PostgresStore.Configuration(url: postgres.url, password: postgres.password)
        // Migrated and read on a client of its own, whose run ends here: the long-lived client runs in the group.
        let watchlists = try await PostgresStore.withStore(configuration, logger: logger) { store in
            try await Watchlists.load(from: store as any WatchlistStore, maximumConfusions: confusions)
        }
        let store = try PostgresStore.pooled(configuration, clonedPlates: clonedPlates, dispatcher: dispatcher, logger: logger)
        return (.postgres(store), watchlists)
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

    /// The store as the API's routes see it.
    var records: any RecordStore & DispatchStore {
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

    /// The SQLite store, for what runs on it alone (clips, segments, face models); nil on PostgreSQL.
    public var sqlite: IncidentStore? {
        if case .sqlite(let store) = self { store } else { nil }
    }
}
