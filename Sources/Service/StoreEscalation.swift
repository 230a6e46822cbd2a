public import Dispatching
public import Logging
public import ServiceLifecycle
import Toolkit

/// Escalates overdue orders on a shared store (`DispatchStore`), looking every second: `EscalationService`'s loop
/// for PostgreSQL, where each escalation runs under the incident's lock, so nodes that all run it escalate once.
public struct StoreEscalation: Service {
    private let dispatcher: Dispatcher
    private let store: any DispatchStore
    private let logger: Logger
    private let periodic: Periodic

    public init(dispatcher: Dispatcher, store: any DispatchStore, logger: Logger, every interval: Duration = .seconds(1),
                timer: some Clock<Duration> = ContinuousClock()) {
        self.dispatcher = dispatcher
        self.store = store
        self.logger = logger
        periodic = Periodic(every: interval, clock: timer)
    }

    public func run() async throws {
        await periodic.run { await escalate() }
    }

    private func escalate() async {
        do {
            guard try await store.hasOverdue(with: dispatcher) else { return }
            let created = try await store.escalateOverdue(with: dispatcher).count
            if created > 0 { logger.notice("escalated: \(created) new order(s)") }
        } catch {
            logger.error("escalation failed: \(error)")
        }
    }
}
