public import Dispatching
public import Incidents
public import Logging
public import PostgresNIO

/// The store on a PostgreSQL server shared by several nodes: the async store protocols over PostgresNIO's pooled
/// `PostgresClient`. Every call is async on the client's event loops; nothing blocks a thread.
///
/// ```swift
/// let configuration = try PostgresStore.Configuration(url: "postgres://sharpeyes@db:5432/city", password: secret)
/// try await PostgresStore.withStore(configuration, logger: logger) { store in
///     let page = try await store.incidents(matching: filter, page: PageRequest())
/// }
/// ```
public struct PostgresStore: Sendable {
    public let client: PostgresClient
    public let configuration: Configuration
    /// When one plate read at two cameras raises a cloned-plate incident; nil switches the check off.
    public let clonedPlates: ClonedPlateRule?
    /// Plans the orders of each new incident inside the transaction that records it (the SQLite store's
    /// `onNewIncident: dispatcher.incidentHook`); nil records incidents without dispatching them.
    public let dispatcher: Dispatcher?
    let logger: Logger

    /// A store on `client`, whose `run()` the caller runs (in its `ServiceGroup`, say). Call `migrate()` first.
    public init(client: PostgresClient, configuration: Configuration, clonedPlates: ClonedPlateRule? = nil,
                dispatcher: Dispatcher? = nil, logger: Logger) {
        self.client = client
        self.configuration = configuration
        self.clonedPlates = clonedPlates
        self.dispatcher = dispatcher
        self.logger = logger
    }

    /// Checks the server with one connection (so an unreachable server or a refused login is a clear error at
    /// once, not a pool retrying in the background), migrates, and runs `body` with a store whose client runs until
    /// `body` returns.
    public static func withStore<Result: Sendable>(_ configuration: Configuration, clonedPlates: ClonedPlateRule? = nil,
                                                   dispatcher: Dispatcher? = nil, logger: Logger, migrate: Bool = true,
                                                   _ body: @Sendable (PostgresStore) async throws -> Result) async throws -> Result {
        try await probe(configuration, logger: logger)
        let client = PostgresClient(configuration: try configuration.client(), backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            let store = PostgresStore(client: client, configuration: configuration, clonedPlates: clonedPlates,
                                      dispatcher: dispatcher, logger: logger)
            if migrate { try await store.migrate() }
            return try await body(store)
        }
    }

    /// Opens and closes one connection: PostgreSQL's answer (refused, wrong password, no such database) as a
    /// `PostgresStoreError`.
    public static func probe(_ configuration: Configuration, logger: Logger) async throws(PostgresStoreError) {
        do {
            let connection = try await PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.any(), configuration: try configuration.connection(), id: 0, logger: logger
            ).get()
            try await connection.close().get()
        } catch {
            throw PostgresStoreError.from(error, server: configuration.server)
        }
    }
}
