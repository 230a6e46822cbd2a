import AsyncHTTPClient
public import Dispatching
import Foundation
public import Incidents
public import Logging
public import ServiceLifecycle

/// Delivery and escalation beside an analysis (`analyze --dispatch`), as one service of its group: both run until
/// graceful shutdown or cancellation, then the outbox gets `drainTimeout` to empty. What is still undelivered then stays in the
/// outbox for `sharpeyes dispatch run`. Put it before the cameras in the group, so it stops after them and drains
/// what they committed.
public struct DispatchRunner: Service {
    private let delivery: DeliveryService
    private let escalation: EscalationService
    private let drainTimeout: Duration

    public init(dispatcher: Dispatcher, store: IncidentStore, logger: Logger, drainTimeout: Duration = .seconds(5)) {
        delivery = DeliveryService(writer: store.writer, client: .shared, logger: logger)
        escalation = EscalationService(dispatcher: dispatcher, writer: store.writer, logger: logger)
        self.drainTimeout = drainTimeout
    }

    /// Ends the loops first, so only one deliverer works the outbox, then drains it.
    public func run() async throws {
        let (delivery, escalation) = (delivery, escalation)
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await delivery.run() }
            group.addTask { try await escalation.run() }
        }
        // The drain is this service's share of the shutdown: run where the shutdown that ended the loops above (and
        // would end it at once) is not seen, it is bounded by its own timeout instead.
        _ = await Task.detached { [drainTimeout] in await delivery.drain(timeout: drainTimeout) }.value
    }
}
