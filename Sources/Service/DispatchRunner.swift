import AsyncHTTPClient
public import Dispatching
public import Incidents
public import Logging

/// Delivery and escalation running beside an analysis (`analyze --dispatch`); `finish()` stops them and gives the
/// outbox a few seconds to empty. What is still undelivered then stays in the outbox for `sharpeyes dispatch run`.
public struct DispatchRunner: Sendable {
    private let delivery: DeliveryService
    private let task: Task<Void, Never>

    public init(dispatcher: Dispatcher, store: IncidentStore, logger: Logger) {
        let delivery = DeliveryService(writer: store.writer, client: .shared, logger: logger)
        let escalation = EscalationService(dispatcher: dispatcher, writer: store.writer, logger: logger)
        self.delivery = delivery
        task = Task {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { try? await delivery.run() }
                group.addTask { try? await escalation.run() }
            }
        }
    }

    /// Stops the background loop first, so only one deliverer works the outbox, then drains it.
    public func finish(within seconds: Int = 5) async {
        task.cancel()
        await task.value
        _ = await delivery.drain(timeout: .seconds(seconds))
    }
}
