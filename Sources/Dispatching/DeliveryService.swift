public import AsyncHTTPClient
import Foundation
import Incidents
import InputSafety
public import GRDB
public import Logging
public import NIOCore
import NIOHTTP1
public import ServiceLifecycle
import Synchronization
import Toolkit

/// Sends the outbox: each message at least once, signed and carrying its order id as idempotency key, and never
/// twice while its receiver answers within the request timeout, however many deliverers run in however many
/// processes.
///
/// Forces are served concurrently, each force's messages one at a time and in order, so a slow receiver delays
/// only its own messages. A message is claimed (`Outbox`) just before it is sent, under a lease longer than the
/// request timeout, and marked delivered, its order `notified`, only after a 2xx. Failures retry with doubling
/// delays; a message whose URL cannot be used is failed for good. Looking for due messages only reads. On
/// graceful shutdown or cancellation no more messages are claimed: requests in flight finish within their timeout,
/// their outcome is recorded, and `run()` returns.
///
/// ```swift
/// let delivery = DeliveryService(writer: store.writer, client: .shared, logger: logger)
/// try await ServiceGroup(services: [delivery], gracefulShutdownSignals: [.sigterm], logger: logger).run()
/// ```
public struct DeliveryService: Service {
    private let outbox: any OutboxBackend
    /// The SQLite outbox, for the synchronous counts; nil on a shared store.
    private let local: Outbox?
    private let client: HTTPClient
    private let logger: Logger
    private let periodic: Periodic
    private let lease: TimeInterval
    private let requestTimeout: TimeAmount

    /// - Parameters:
    ///   - clock: when messages are due and leases end (tests pass a `ManualClock`).
    ///   - timer: the clock the waits between polls are measured on (tests pass a `TestClock`).
    ///   - requestTimeout: how long one POST may take. A claimed message's lease is this long plus 5 s, so a
    ///     deliverer killed mid-send delays its message by that much and no more.
    public init(writer: any DatabaseWriter, client: HTTPClient, clock: any DispatchClock = SystemClock(), logger: Logger,
                pollInterval: Duration = .milliseconds(250), timer: some Clock<Duration> = ContinuousClock(),
                requestTimeout: TimeAmount = .seconds(10)) {
        let local = Outbox(writer: writer, clock: clock)
        self.init(outbox: local.async, local: local, client: client, logger: logger, pollInterval: pollInterval, timer: timer,
                  requestTimeout: requestTimeout)
    }

    /// Delivery from any store's outbox (PostgreSQL's, shared by every node that delivers).
    package init(outbox: any OutboxBackend, local: Outbox? = nil, client: HTTPClient, logger: Logger,
                 pollInterval: Duration = .milliseconds(250), timer: some Clock<Duration> = ContinuousClock(),
                 requestTimeout: TimeAmount = .seconds(10)) {
        self.outbox = outbox
        self.local = local
        self.client = client
        self.logger = logger
        periodic = Periodic(every: pollInterval, clock: timer)
        lease = Double(requestTimeout.nanoseconds) / 1e9 + 5
        self.requestTimeout = requestTimeout
    }

    /// Delivers until graceful shutdown or cancellation.
    public func run() async throws {
        await deliver(until: Stop(), draining: false)
    }

    /// Delivers until nothing is pending or `timeout` passes (requests then in flight still finish); true when
    /// everything went out. Messages failed for good are not pending. Stops early at a database error.
    public func drain(timeout: Duration) async -> Bool {
        await deliver(until: Stop(deadline: .now + timeout), draining: true)
        do { return try await outbox.pending() == 0 } catch {
            logger.error("cannot read the outbox: \(error)")
            return false
        }
    }

    /// Messages neither delivered nor failed for good (on the SQLite outbox; `pendingCount()` on any).
    public func pending() throws -> Int { try sqliteOutbox().pending() }

    /// Messages that can never be sent (an unusable URL); `OutboxMessage.lastError` says why.
    public func failed() throws -> Int { try sqliteOutbox().failed() }

    /// `pending()` on any store.
    public func pendingCount() async throws -> Int { try await outbox.pending() }

    /// `failed()` on any store.
    public func failedCount() async throws -> Int { try await outbox.failed() }

    private func sqliteOutbox() throws -> Outbox {
        guard let local else { throw SharedOutbox() }
        return local
    }

    /// One pass over what is due now, receivers concurrently; returns how many were delivered.
    @discardableResult
    public func deliverDue() async -> Int {
        let poll: Outbox.Poll
        do { poll = try await outbox.poll() } catch {
            logger.error("cannot read the outbox: \(error)")
            return 0
        }
        let stop = Stop()
        return await withTaskGroup(of: Int.self) { group in
            for (_, ids) in poll.due { group.addTask { await send(ids, until: stop) } }
            return await group.reduce(0, +)
        }
    }

    /// Polls every `pollInterval` (a wait ends at graceful shutdown) and starts a lane for each receiver with
    /// messages due and no lane yet, until `stop` (or, draining, until nothing is pending or the database fails);
    /// then lets the lanes finish.
    private func deliver(until stop: Stop, draining: Bool) async {
        let lanes = Lanes()
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                while !stop.isSet {
                    do {
                        let poll = try await outbox.poll()
                        if draining && poll.pending == 0 { break }
                        for (receiver, ids) in poll.due where lanes.open(receiver) {
                            group.addTask {
                                await send(ids, until: stop)
                                lanes.close(receiver)
                            }
                        }
                    } catch {
                        logger.error("cannot read the outbox: \(error)")
                        if draining { break }
                    }
                    guard await periodic.wait() else { break }
                }
                stop.set()
            }
        } onGracefulShutdown: {
            stop.set()
        }
    }

    /// One receiver's lane: sends `ids` in order until `stop`, or until a message cannot be claimed (another
    /// deliverer is at this receiver). Returns how many were delivered.
    @discardableResult
    private func send(_ ids: [Int64], until stop: Stop) async -> Int {
        var delivered = 0
        for id in ids where !stop.isSet {
            let claim: Outbox.Claim?
            do { claim = try await outbox.claim(id, lease: lease) } catch {
                logger.error("cannot claim outbox message \(id): \(error)")
                break
            }
            guard let claim else { break }
            // Not cancelled with the lane: the request ends within its timeout and its outcome is recorded, where
            // dropping it could leave a message the receiver took to be sent again.
            if await Task(operation: { await attempt(claim) }).value { delivered += 1 }
        }
        return delivered
    }

    /// Sends one claimed message and records the outcome; true when the receiver answered 2xx.
    private func attempt(_ claim: Outbox.Claim) async -> Bool {
        let message = claim.message
        if let problem = WebhookURL.problem(message.url) {
            let reason = "unusable URL '\(URLCredentials.masked(message.url))': \(problem)"
            logger.error("order cannot be sent, for good: \(reason)", metadata: ["order.id": "\(message.orderId)"])
            await record(claim) { [outbox] in try await outbox.fail(claim, reason: reason) }
            return false
        }
        var request = HTTPClientRequest(url: message.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Idempotency-Key", value: message.orderId)
        request.headers.add(name: Signer.header, value: message.signature)
        request.body = .bytes(ByteBuffer(bytes: message.body))
        let failure: String
        do {
            // The status is the answer; the body is not read (the timeout covers only the head, and a receiver slow
            // to send a body must not hold the lease).
            let response = try await client.execute(request, timeout: requestTimeout)
            if (200..<300).contains(response.status.code) {
                logger.info("delivered order \(message.orderId)", metadata: ["order.id": "\(message.orderId)", "url": "\(URLCredentials.masked(message.url))"])
                return await record(claim) { [outbox] in try await outbox.delivered(claim) }
            }
            failure = "receiver answered \(response.status.code)"
        } catch {
            failure = "\(error)"
        }
        let attempts = message.attempts + 1
        let delay = min(60, 0.5 * pow(2, Double(min(attempts - 1, 10))))
        logger.warning("delivery failed (attempt \(attempts)): \(failure); retry in \(delay) s",
                       metadata: ["order.id": "\(message.orderId)"])
        await record(claim) { [outbox] in try await outbox.retry(claim, after: delay, reason: failure) }
        return false
    }

    /// Runs an outcome update; false (and a warning) when the lease was taken over or the database failed.
    @discardableResult
    private func record(_ claim: Outbox.Claim, _ update: @escaping @Sendable () async throws -> Bool) async -> Bool {
        do {
            if try await update() { return true }
            logger.warning("lost the lease on the order's message: another deliverer took it over",
                           metadata: ["order.id": "\(claim.message.orderId)"])
        } catch {
            logger.error("cannot record the outcome: \(error); it will be sent again",
                         metadata: ["order.id": "\(claim.message.orderId)"])
        }
        return false
    }
}

/// A synchronous count asked of a deliverer on a shared store (use the async counts there).
private struct SharedOutbox: Error, CustomStringConvertible {
    var description: String { "this deliverer's outbox is on a shared store: use pendingCount() and failedCount()" }
}

/// When a deliverer stops claiming: when told (graceful shutdown, the end of a drain), at a deadline, or when
/// the task asking is cancelled.
private final class Stop: Sendable {
    private let told = Mutex(false)
    private let deadline: ContinuousClock.Instant?

    init(deadline: ContinuousClock.Instant? = nil) { self.deadline = deadline }

    func set() { told.withLock { $0 = true } }

    var isSet: Bool {
        Task.isCancelled || told.withLock { $0 } || deadline.map { ContinuousClock.now >= $0 } ?? false
    }
}

/// The receivers with a lane running in this deliverer.
private final class Lanes: Sendable {
    private let running = Mutex<Set<String>>([])

    /// False when `receiver` already has a lane.
    func open(_ receiver: String) -> Bool { running.withLock { $0.insert(receiver).inserted } }

    func close(_ receiver: String) { running.withLock { _ = $0.remove(receiver) } }
}
