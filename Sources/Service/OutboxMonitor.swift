public import Dispatching
import Synchronization
public import Logging
import Metrics
import Pipeline
public import ServiceLifecycle

/// Publishes the outbox's undelivered count as a gauge (and for `/health`) every few seconds. Reads only.
public final class OutboxMonitor: Service, Sendable {
    private let delivery: DeliveryService
    private let pending = Gauge(label: "sharpeyes_outbox_pending")
    private let logger: Logger
    private let last = Mutex<Int?>(nil)

    public init(delivery: DeliveryService, logger: Logger) {
        self.delivery = delivery
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let count = try await runOnThread { [delivery] in try delivery.pending() }
                pending.record(count)
                last.withLock { $0 = count }
            } catch {
                logger.error("cannot count the outbox: \(error)")
            }
            try? await Task.sleep(for: .seconds(5))
        }
    }

    /// Messages waiting for delivery at the last look (nil before the first).
    public var undelivered: Int? { last.withLock { $0 } }
}
