public import Dispatching
public import Incidents
public import Logging
import PostgresNIO
public import ServiceLifecycle

extension PostgresStore {
    /// A store on a new pooled client for a long-running process: add `service` (the client's `run()`) to the
    /// process's `ServiceGroup` before the services that use the store, so it stops after them. Call `probe` and
    /// `migrate` (or `withStore`) first.
    public static func pooled(_ configuration: Configuration, clonedPlates: ClonedPlateRule? = nil,
                              dispatcher: Dispatcher? = nil, logger: Logger) throws -> PostgresStore {
        let client = PostgresClient(configuration: try configuration.client(), backgroundLogger: logger)
        return PostgresStore(client: client, configuration: configuration, clonedPlates: clonedPlates,
                             dispatcher: dispatcher, logger: logger)
    }

    /// The pooled client as a service: it runs until graceful shutdown reaches it.
    public var service: any Service { client }
}
