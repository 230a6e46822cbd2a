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

    /// Opens the configured store, migrated. PostgreSQL is probed with one connection first, so an unreachable
    /// server or a refused login is one clear error at start, never a pool retrying in the background.
    static func open(_ config: ServeConfig, dispatcher: Dispatcher, logger: Logger) async throws -> ServeBackEnd {
        let clonedPlates = config.recognition.clonedPlates
        guard let postgres = config.storage.postgres else {
            let database = config.storage.database
            return .sqlite(try await Blocking.run {
                try IncidentStore(path: database, clonedPlates: clonedPlates, onNewIncident: dispatcher.incidentHook)
            })
        }
        let configuration = try PostgresStore.Configuration(url: postgres.url, password: postgres.password)
        // Migrated on a client of its own, whose run ends here: the long-lived client runs in the service group.
        try await PostgresStore.withStore(configuration, logger: logger) { _ in }
        return .postgres(try PostgresStore.pooled(configuration, clonedPlates: clonedPlates, dispatcher: dispatcher,
                                                  logger: logger))
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
