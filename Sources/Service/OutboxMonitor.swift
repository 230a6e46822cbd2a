import AnalysisKit
public import Dispatching
import Synchronization
public import Logging
import Metrics
import Pipeline
public import ServiceLifecycle

/// Publishes the outbox's undelivered and failed-for-good counts as gauges every few seconds. Reads only.
public final class OutboxMonitor: Service, Sendable {
    private let delivery: DeliveryService
    private let pending = Gauge(label: MetricName.outboxPending)
    private let failed = Gauge(label: MetricName.outboxFailed)
    private let logger: Logger
    private let last = Mutex<Int?>(nil)

    public init(delivery: DeliveryService, logger: Logger) {
        self.delivery = delivery
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let (count, failures) = try await runOnThread { [delivery] in (try delivery.pending(), try delivery.failed()) }
                pending.record(count)
                failed.record(failures)
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
