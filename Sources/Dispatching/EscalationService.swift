public import GRDB
public import Logging
public import ServiceLifecycle
import Toolkit

/// Escalates overdue orders, looking every second (a read; it writes only when some order is overdue). The look
/// runs on the blocking pool; the wait between looks ends at graceful shutdown.
public struct EscalationService: Service {
    private let dispatcher: Dispatcher
    private let writer: any DatabaseWriter
    private let logger: Logger
    private let periodic: Periodic

    /// - Parameter timer: the clock the waits between looks are measured on (tests pass a `TestClock`). Whether an
    ///   order is overdue is judged on the dispatcher's clock.
    public init(dispatcher: Dispatcher, writer: any DatabaseWriter, logger: Logger,
                every interval: Duration = .seconds(1), timer: some Clock<Duration> = ContinuousClock()) {
        self.dispatcher = dispatcher
        self.writer = writer
        self.logger = logger
        periodic = Periodic(every: interval, clock: timer)
    }

    public func run() async throws {
        await periodic.run { await escalate() }
    }

    /// One look: escalates what is overdue now.
    private func escalate() async {
        let (dispatcher, writer) = (dispatcher, writer)
        do {
            let created = try await Blocking.run {
                try dispatcher.hasOverdue(in: writer) ? dispatcher.escalateOverdue(in: writer).count : 0
            }
            if created > 0 { logger.notice("escalated: \(created) new order(s)") }
        } catch {
            logger.error("escalation failed: \(error)")
        }
    }
}
