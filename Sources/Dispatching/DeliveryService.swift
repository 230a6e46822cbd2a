public import AsyncHTTPClient
public import Foundation
public import GRDB
public import Logging
public import NIOCore
import NIOHTTP1
public import ServiceLifecycle

/// Sends the outbox: at least once, each message signed and carrying its order id as idempotency key.
///
/// A message is claimed (its next attempt pushed a lease ahead) in one transaction before it is sent, so two
/// deliverers never send it at once; it is marked delivered, and its order `notified`, only after a 2xx.
/// Failures retry with doubling delays. A crash at any point leaves the message due again: nothing is lost,
/// and a receiver that saw it already recognises the key.
public struct DeliveryService: Service {
    private let writer: any DatabaseWriter
    private let client: HTTPClient
    private let clock: any DispatchClock
    private let logger: Logger
    private let pollInterval: Duration
    private let lease: TimeInterval
    private let requestTimeout: TimeAmount

    /// - Parameter requestTimeout: how long one POST may take. A claimed message is due again this long plus
    ///   5 s later, so a deliverer killed mid-send delays its messages by that much and no more.
    public init(writer: any DatabaseWriter, client: HTTPClient, clock: any DispatchClock = SystemClock(), logger: Logger,
                pollInterval: Duration = .milliseconds(250), requestTimeout: TimeAmount = .seconds(10)) {
        self.writer = writer
        self.client = client
        self.clock = clock
        self.logger = logger
        self.pollInterval = pollInterval
        lease = Double(requestTimeout.nanoseconds) / 1e9 + 5
        self.requestTimeout = requestTimeout
    }

    /// Delivers until nothing is pending or `timeout` passes; true when everything went out.
    public func drain(timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            await deliverDue()
            if (try? pending()) == 0 { return true }
            try? await Task.sleep(for: pollInterval)
        }
        return (try? pending()) == 0
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            _ = await deliverDue()
            try? await Task.sleep(for: pollInterval)
        }
    }

    /// Messages not yet delivered.
    public func pending() throws -> Int {
        try writer.read { db in try OutboxMessage.filter(Column("deliveredAt") == nil).fetchCount(db) }
    }

    /// One pass over what is due; returns how many were delivered.
    @discardableResult
    public func deliverDue() async -> Int {
        let claimed: [OutboxMessage]
        do { claimed = try claim() } catch {
            logger.error("cannot read the outbox: \(error)")
            return 0
        }
        var delivered = 0
        for message in claimed where await send(message) { delivered += 1 }
        return delivered
    }

    private func claim() throws -> [OutboxMessage] {
        try writer.write { db in
            let now = clock.now()
            let due = try OutboxMessage.filter(Column("deliveredAt") == nil && Column("nextAttemptAt") <= now)
                .order(Column("id")).limit(32).fetchAll(db)
            for var message in due {
                message.nextAttemptAt = now.addingTimeInterval(lease)
                try message.update(db)
            }
            return due
        }
    }

    private func send(_ message: OutboxMessage) async -> Bool {
        var request = HTTPClientRequest(url: message.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Idempotency-Key", value: message.orderId)
        request.headers.add(name: Signer.header, value: message.signature)
        request.body = .bytes(ByteBuffer(bytes: message.body))
        do {
            let response = try await client.execute(request, timeout: requestTimeout)
            _ = try? await response.body.collect(upTo: 64 * 1024)
            guard (200..<300).contains(response.status.code) else {
                try failed(message, "receiver answered \(response.status.code)")
                return false
            }
            try delivered(message)
            return true
        } catch {
            try? failed(message, "\(error)")
            return false
        }
    }

    private func delivered(_ message: OutboxMessage) throws {
        try writer.write { db in
            var message = message
            message.deliveredAt = clock.now()
            message.attempts += 1
            message.lastError = nil
            try message.update(db)
            guard var order = try DispatchOrder.fetchOne(db, key: message.orderId), order.state == .pending else { return }
            var transition = OrderTransition(orderId: order.id, fromState: .pending, toState: .notified, at: clock.now(),
                                             actor: "delivery", note: message.url)
            try transition.insert(db)
            order.state = .notified
            order.updatedAt = clock.now()
            try order.update(db)
        }
        logger.info("delivered order \(message.orderId)", metadata: ["url": "\(message.url)"])
    }

    private func failed(_ message: OutboxMessage, _ reason: String) throws {
        let attempts = message.attempts + 1
        let delay = min(60, 0.5 * pow(2, Double(min(attempts - 1, 10))))
        try writer.write { db in
            var message = message
            message.attempts = attempts
            message.lastError = reason
            message.nextAttemptAt = clock.now().addingTimeInterval(delay)
            try message.update(db)
        }
        logger.warning("delivery of order \(message.orderId) failed (attempt \(attempts)): \(reason); retry in \(delay) s")
    }
}

/// Escalates overdue orders every second.
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
                let created = try dispatcher.escalateOverdue(in: writer)
                if !created.isEmpty { logger.notice("escalated: \(created.count) new order(s)") }
            } catch {
                logger.error("escalation failed: \(error)")
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }
}
