public import ArgumentParser
import AsyncHTTPClient
import Dispatching
import Foundation
import GRDB
public import Incidents
import Logging
import Media
import ServiceLifecycle
import Severities
import Synchronization
import Toolkit
import UnixSignals

extension SharpEyes {
    struct DispatchCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dispatch",
            abstract: "Send incidents to patrol units and community forces; follow and update orders.",
            subcommands: [Run.self, Deliver.self, Drill.self, List.self, Ack.self, OnScene.self, Resolve.self]
        )
    }
}

struct DispatchOptions: ParsableArguments {
    @Option(help: "Dispatch configuration (YAML: forces, grids, rules).")
    var config: String

    @Option(help: "Base URL of this server, for acknowledgement links in messages.")
    var publicURL = "http://localhost:8080"

    func dispatcher(logger: Logger) throws -> Dispatcher { try loadDispatcher(config: config, publicURL: publicURL, logger: logger) }
}

/// The dispatcher for a configuration file; the error names the field at fault.
func loadDispatcher(config: String, publicURL: String, logger: Logger) throws -> Dispatcher {
    Dispatcher(config: try DispatchConfig(path: config), publicURL: publicURL, logger: logger)
}

/// Drains the outbox within `timeout` as the one service of a group that owns SIGTERM and SIGINT: at the signal
/// delivery claims nothing more and returns once the requests in flight have finished (within their timeout) and
/// their outcome is recorded, instead of dying between a 2xx and recording it. True when everything went out.
func drainUntilSignal(_ delivery: DeliveryService, timeout: Duration, logger: Logger) async throws -> Bool {
    let drain = OutboxDrain(delivery: delivery, timeout: timeout)
    let service = ServiceGroupConfiguration.ServiceConfiguration(service: drain, successTerminationBehavior: .gracefullyShutdownGroup)
    try await ServiceGroup(configuration: .init(services: [service], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)).run()
    return drain.emptied
}

/// One drain of the outbox as a service; its end ends the group (a plain service returning would be a failure).
private final class OutboxDrain: Service, Sendable {
    private let delivery: DeliveryService
    private let timeout: Duration
    private let result = Mutex(false)

    init(delivery: DeliveryService, timeout: Duration) {
        self.delivery = delivery
        self.timeout = timeout
    }

    func run() async {
        let emptied = await delivery.drain(timeout: timeout)
        result.withLock { $0 = emptied }
    }

    var emptied: Bool { result.withLock { $0 } }
}

/// What the outbox holds after delivering, for people: `empty` when nothing is left, else what is undelivered and
/// what failed for good.
func outboxState(_ delivery: DeliveryService, empty: String) -> String {
    let pending = (try? delivery.pending()) ?? -1, failed = (try? delivery.failed()) ?? 0
    let failures = "\(failed) message(s) that failed for good (an unusable URL: see `sharpeyes dispatch list`)"
    switch (pending, failed) {
    case (0, 0): return empty
    case (0, _): return "\(empty) but for \(failures)"
    case (_, 0): return "\(pending) message(s) still undelivered"
    default: return "\(pending) message(s) still undelivered, and \(failures)"
    }
}

/// Opens the database; the error says why it cannot be.
func openStore(_ path: String, hook: IncidentStore.IncidentHook? = nil) throws -> IncidentStore {
    try IncidentStore(path: path, onNewIncident: hook)
}

extension SharpEyes.DispatchCommand {
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deliver the outbox and escalate overdue orders until SIGTERM or SIGINT.")
        @OptionGroup var dispatch: DispatchOptions
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let logger = makeLogger(level: .info)
            let dispatcher = try dispatch.dispatcher(logger: logger)
            let incidents = try openStore(store.db)
            let group = ServiceGroup(
                services: [DeliveryService(writer: incidents.writer, client: .shared, logger: logger),
                           EscalationService(dispatcher: dispatcher, writer: incidents.writer, logger: logger)],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            try await group.run()
        }
    }

    struct Deliver: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deliver what the outbox holds (after a crash, say) and exit; status 1 if some remain.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Claim nothing more after this many seconds (a send under way still finishes).") var timeout = 60.0

        func validate() throws {
            guard timeout >= 0 else { throw ValidationError("--timeout must be 0 or more seconds, got \(timeout)") }
        }

        func run() async throws {
            let incidents = try openStore(store.db)
            let logger = makeLogger(level: .notice)
            let delivery = DeliveryService(writer: incidents.writer, client: .shared, logger: logger)
            let done = try await drainUntilSignal(delivery, timeout: .clamping(seconds: timeout), logger: logger)
            print(outboxState(delivery, empty: "outbox empty"))
            if !done { throw ExitCode(1) }
        }
    }

    struct Drill: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Raise a test incident at a camera and dispatch it for real, to check the chain end to end.")
        @OptionGroup var dispatch: DispatchOptions
        @OptionGroup var store: StoreOptions
        @Option(help: "Camera id (created at --location if new).") var camera: String
        @Option(help: "Camera position LAT,LON.") var location: String?
        @Option(help: "face or plate.") var kind: Sighting.Kind = .plate
        @Option(help: "Plate text or identity.") var subject: String
        @Option(help: "low, medium, high or critical.") var severity = "high"
        @Option var watchlist = "drill"
        @Option var reason: String?
        @Option(help: """
            Seconds to keep delivering before exiting (a send under way still finishes; undelivered messages stay in \
            the outbox).
            """)
        var deliverFor = 10.0

        func validate() throws {
            if let location, SharpEyes.Analyze.coordinates(location) == nil {
                throw ValidationError(
                    "--location must be LAT,LON in degrees (latitude within ±90, longitude within ±180), got '\(location)'")
            }
            guard deliverFor >= 0 else { throw ValidationError("--deliver-for must be 0 or more seconds") }
            if let problem = Severity.problem(with: severity) { throw ValidationError("--\(problem)") }
        }

        func run() async throws {
            let logger = makeLogger(level: .notice)
            let dispatcher = try dispatch.dispatcher(logger: logger)
            let incidents = try openStore(store.db, hook: dispatcher.incidentHook)
            let incident = try raise(in: incidents)
            let orders = try DispatchOrder.orders(ofIncident: incident.id ?? 0, in: incidents.writer)
            // Written unbuffered: whoever watches this process learns of the commit at once.
            FileHandle.standardOutput.write(Data(
                "incident \(incident.id ?? 0) committed: \(orders.count) order(s) \(orders.map(\.forceId).joined(separator: ", "))\n".utf8))
            let delivery = DeliveryService(writer: incidents.writer, client: .shared, logger: logger)
            _ = try await drainUntilSignal(delivery, timeout: .clamping(seconds: deliverFor), logger: logger)
            print(outboxState(delivery, empty: "all delivered"))
        }

        private func raise(in store: IncidentStore) throws -> Incident {
            let position = location.flatMap(SharpEyes.Analyze.coordinates)
            if try store.camera(id: camera) == nil {
                try store.save(Camera(id: camera, name: camera, kind: .fixed, url: "drill://\(camera)",
                                      latitude: position?.0, longitude: position?.1))
            }
            let now = Date(), severity = try Severity(parsing: severity)
            let sighting = Sighting(cameraId: camera, kind: kind, label: subject, firstSeen: now, lastSeen: now, bestTime: now,
                                    mediaOffset: 0, box: (0, 0, 0, 0), confidence: 1, frames: 1, details: #"{"drill":true}"#)
            let draft = Incident(cameraId: camera, kind: kind, subject: subject, watchlist: watchlist, reason: reason,
                                 severity: severity, latitude: position?.0, longitude: position?.1, createdAt: now)
            guard let incident = try store.record(sighting, incident: draft, repeatWindow: 0).1 else {
                throw ValidationError("no incident was stored")
            }
            return incident
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List dispatch orders, newest first.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Only orders in this state.") var state: DispatchOrder.State?
        @Option(help: "Only orders of this incident.") var incident: Int64?

        func run() async throws {
            let incidents = try openStore(store.db)
            let orders = try DispatchOrder.records(in: incidents.writer, states: state.map { [$0] } ?? [],
                                                   incidents: incident.map { [$0] } ?? [], limit: .max).map(\.order)
            let failures = try OutboxMessage.failureReasons(in: incidents.writer)
            if orders.isEmpty { print("no orders") }
            for order in orders {
                let distance = order.distanceMeters.map { String(format: "%.0f m", $0) } ?? "-"
                let failure = failures[order.id].map { ["message failed for good: \($0)"] } ?? []
                print(([order.id, "incident \(order.incidentId)", order.forceId, order.forceType.rawValue, "tier \(order.tier)",
                        order.state.rawValue, distance] + failure).joined(separator: "\t"))
            }
        }
    }

    struct Ack: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A unit acknowledges an order.")
        @OptionGroup var change: OrderChange
        func run() async throws { try change.apply { try $0.acknowledge($1, by: $2, in: $3) } }
    }

    struct OnScene: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "on-scene", abstract: "A unit has arrived.")
        @OptionGroup var change: OrderChange
        func run() async throws { try change.apply { try $0.arrive($1, by: $2, in: $3) } }
    }

    struct Resolve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The incident is dealt with; other open orders expire.")
        @OptionGroup var change: OrderChange
        func run() async throws { try change.apply { try $0.resolve($1, by: $2, in: $3) } }
    }
}

/// ORDER --by ACTOR --db PATH, shared by ack, on-scene and resolve.
struct OrderChange: ParsableArguments {
    @Argument(help: "The order id.") var order: String
    @Option(help: "Who makes the change (unit or operator).") var by: String
    @OptionGroup var store: StoreOptions

    func apply(_ change: (Dispatcher, String, String, any DatabaseWriter) throws -> DispatchOrder) throws {
        let incidents = try openStore(store.db)
        // State changes need no forces or rules: an empty configuration serves.
        let dispatcher = Dispatcher(config: try DispatchConfig(forces: [], grids: [], rules: []), logger: makeLogger(level: .notice))
        let order = try change(dispatcher, self.order, by, incidents.writer)
        print("order \(order.id) is \(order.state.rawValue)")
    }
}

extension Sighting.Kind: ExpressibleByArgument {}
extension DispatchOrder.State: ExpressibleByArgument {}
