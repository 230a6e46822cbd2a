public import GRDB
public import Logging
public import ServiceLifecycle

/// Escalates overdue orders, looking every second (a read; it writes only when some order is overdue).
public struct EscalationService: Service {
    private let dispatcher: Dispatcher
    private let writer: any DatabaseWriter
    private let logger: Logger

    public init(dispatcher: Dispatcher, writer: any DatabaseWriter, logger: Logger) {
        self.dispatcher = dispatcher
        self.writer = writer
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                if try dispatcher.hasOverdue(in: writer) {
                    let created = try dispatcher.escalateOverdue(in: writer)
                    if !created.isEmpty { logger.notice("escalated: \(created.count) new order(s)") }
                }
            } catch {
                logger.error("escalation failed: \(error)")
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }
}
