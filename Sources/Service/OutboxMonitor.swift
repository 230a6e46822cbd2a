import AnalysisKit
public import Dispatching
import Synchronization
public import Logging
import Metrics
import Pipeline
public import ServiceLifecycle
import Toolkit

/// Publishes the outbox's undelivered and failed-for-good counts as gauges every few seconds. Reads only.
public final class OutboxMonitor: Service, Sendable {
    private let delivery: DeliveryService
    private let pending = Gauge(label: MetricName.outboxPending)
    private let failed = Gauge(label: MetricName.outboxFailed)
    private let logger: Logger
    private let last = Mutex<Int?>(nil)
    private let periodic: Periodic

    /// - Parameter timer: the clock the waits between counts are measured on (tests pass a `TestClock`).
    public init(delivery: DeliveryService, every interval: Duration = .seconds(5),
                timer: some Clock<Duration> = ContinuousClock(), logger: Logger) {
        self.delivery = delivery
        periodic = Periodic(every: interval, clock: timer)
        self.logger = logger
    }

    public func run() async throws {
        await periodic.run { await count() }
    }

    private func count() async {
        do {
            let (count, failures) = (try await delivery.pendingCount(), try await delivery.failedCount())
            pending.record(count)
            failed.record(failures)
            last.withLock { $0 = count }
        } catch {
            logger.error("cannot count the outbox: \(error)")
        }
    }

    /// Messages waiting for delivery at the last look (nil before the first).
    public var undelivered: Int? { last.withLock { $0 } }
}
