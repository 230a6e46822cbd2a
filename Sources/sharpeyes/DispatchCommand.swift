public import ArgumentParser
import AsyncHTTPClient
import Dispatching
import Foundation
import GRDB
public import Incidents
import Logging
import Media
import ServiceLifecycle
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

    func dispatcher(logger: Logger) -> Dispatcher { loadDispatcher(config: config, publicURL: publicURL, logger: logger) }
}

/// The dispatcher for a configuration file, or exit naming the field at fault.
func loadDispatcher(config: String, publicURL: String, logger: Logger) -> Dispatcher {
    do {
        return Dispatcher(config: try DispatchConfig(path: config), publicURL: publicURL, logger: logger)
    } catch { fail("\(error)") }
}

/// Runs `work`, cancelling it at SIGTERM or SIGINT: delivery then claims nothing more and returns once the
/// requests in flight have finished (within their timeout), instead of dying between a 2xx and recording it.
func cancellingOnSignal<T: Sendable>(_ work: @escaping @Sendable () async -> T) async -> T {
    let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
    return await withTaskGroup(of: T?.self) { group in
        group.addTask { await work() }
        group.addTask {
            for await _ in signals { break }
            return nil
        }
        while let next = await group.next() {
            group.cancelAll()
            if let result = next { return result }
        }
        preconditionFailure("the work's result is always awaited")
    }
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

/// Opens the database, or exits with the reason.
func openStore(_ path: String, hook: IncidentStore.IncidentHook? = nil) -> IncidentStore {
    do { return try IncidentStore(path: path, onNewIncident: hook) } catch { fail("\(error)") }
}

extension SharpEyes.DispatchCommand {
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deliver the outbox and escalate overdue orders until SIGTERM or SIGINT.")
        @OptionGroup var dispatch: DispatchOptions
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let logger = makeLogger(level: .info)
            let dispatcher = dispatch.dispatcher(logger: logger)
            let incidents = openStore(store.db)
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
            let incidents = openStore(store.db)
            let delivery = DeliveryService(writer: incidents.writer, client: .shared, logger: makeLogger(level: .notice))
            let deadline = Duration.clamping(seconds: timeout)
            let done = await cancellingOnSignal { await delivery.drain(timeout: deadline) }
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
            let dispatcher = dispatch.dispatcher(logger: logger)
            let incidents = openStore(store.db, hook: dispatcher.incidentHook)
            let incident: Incident
            do { incident = try raise(in: incidents) } catch { fail("\(error)") }
            let orders = self.orders(of: incident, in: incidents)
            // Written unbuffered: whoever watches this process learns of the commit at once.
            FileHandle.standardOutput.write(Data(
                "incident \(incident.id ?? 0) committed: \(orders.count) order(s) \(orders.map(\.forceId).joined(separator: ", "))\n".utf8))
            let delivery = DeliveryService(writer: incidents.writer, client: .shared, logger: logger)
            let deadline = Duration.clamping(seconds: deliverFor)
            _ = await cancellingOnSignal { await delivery.drain(timeout: deadline) }
            print(outboxState(delivery, empty: "all delivered"))
        }

        private func orders(of incident: Incident, in store: IncidentStore) -> [DispatchOrder] {
            (try? store.writer.read { db in try DispatchOrder.filter(Column("incidentId") == incident.id).fetchAll(db) }) ?? []
        }

        private func raise(in store: IncidentStore) throws -> Incident {
            let position = location.flatMap(SharpEyes.Analyze.coordinates)
            if try store.camera(id: camera) == nil {
                try store.save(Camera(id: camera, name: camera, kind: .fixed, url: "drill://\(camera)",
                                      latitude: position?.0, longitude: position?.1))
            }
            let now = Date()
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
            let incidents = openStore(store.db)
            let orders = fetch(from: incidents)
            let failures = failedMessages(in: incidents)
            if orders.isEmpty { print("no orders") }
            for order in orders {
                let distance = order.distanceMeters.map { String(format: "%.0f m", $0) } ?? "-"
                let failure = failures[order.id].map { ["message failed for good: \($0)"] } ?? []
                print(([order.id, "incident \(order.incidentId)", order.forceId, order.forceType.rawValue, "tier \(order.tier)",
                        order.state.rawValue, distance] + failure).joined(separator: "\t"))
            }
        }

        /// Why each order's message could not be sent at all, by order id.
        private func failedMessages(in store: IncidentStore) -> [String: String] {
            let messages = try? store.writer.read { db in try OutboxMessage.filter(Column("failedAt") != nil).fetchAll(db) }
            let reasons = (messages ?? []).map { ($0.orderId, $0.lastError ?? "no reason recorded") }
            return Dictionary(reasons, uniquingKeysWith: { first, _ in first })
        }

        private func fetch(from store: IncidentStore) -> [DispatchOrder] {
            let result = try? store.writer.read { db in
                var request = DispatchOrder.order(Column("createdAt").desc)
                if let state { request = request.filter(Column("state") == state.rawValue) }
                if let incident { request = request.filter(Column("incidentId") == incident) }
                return try request.fetchAll(db)
            }
            return result ?? []
        }
    }

    struct Ack: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A unit acknowledges an order.")
        @OptionGroup var change: OrderChange
        func run() async throws { change.apply { try $0.acknowledge($1, by: $2, in: $3) } }
    }

    struct OnScene: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "on-scene", abstract: "A unit has arrived.")
        @OptionGroup var change: OrderChange
        func run() async throws { change.apply { try $0.arrive($1, by: $2, in: $3) } }
    }

    struct Resolve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The incident is dealt with; other open orders expire.")
        @OptionGroup var change: OrderChange
        func run() async throws { change.apply { try $0.resolve($1, by: $2, in: $3) } }
    }
}

/// ORDER --by ACTOR --db PATH, shared by ack, on-scene and resolve.
struct OrderChange: ParsableArguments {
    @Argument(help: "The order id.") var order: String
    @Option(help: "Who makes the change (unit or operator).") var by: String
    @OptionGroup var store: StoreOptions

    func apply(_ change: (Dispatcher, String, String, any DatabaseWriter) throws -> DispatchOrder) {
        let incidents = openStore(store.db)
        do {
            // State changes need no forces or rules: an empty configuration serves.
            let dispatcher = Dispatcher(config: try DispatchConfig(forces: [], grids: [], rules: []), logger: makeLogger(level: .notice))
            let order = try change(dispatcher, self.order, by, incidents.writer)
            print("order \(order.id) is \(order.state.rawValue)")
        } catch { fail("\(error)") }
    }
}

extension Sighting.Kind: ExpressibleByArgument {}
extension DispatchOrder.State: ExpressibleByArgument {}
