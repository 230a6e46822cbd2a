public import ArgumentParser
import AsyncHTTPClient
public import Dispatching
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
        @Option(help: "Give up after this many seconds.") var timeout = 60.0

        func run() async throws {
            let incidents = openStore(store.db)
            let delivery = DeliveryService(writer: incidents.writer, client: .shared, logger: makeLogger(level: .notice))
            let done = await delivery.drain(timeout: .clamping(seconds: timeout))
            let left = (try? delivery.pending()) ?? -1
            print(done ? "outbox empty" : "\(left) message(s) still undelivered")
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
        @Option var severity = "high"
        @Option var watchlist = "drill"
        @Option var reason: String?
        @Option(help: "Seconds to keep delivering before exiting (undelivered messages stay in the outbox).")
        var deliverFor = 10.0

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
            let done = await delivery.drain(timeout: .clamping(seconds: deliverFor))
            print(done ? "all delivered" : "\((try? delivery.pending()) ?? 0) message(s) left in the outbox")
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
            let orders = fetch(from: openStore(store.db))
            if orders.isEmpty { print("no orders") }
            for order in orders {
                let distance = order.distanceMeters.map { String(format: "%.0f m", $0) } ?? "-"
                print([order.id, "incident \(order.incidentId)", order.forceId, order.forceType.rawValue, "tier \(order.tier)",
                       order.state.rawValue, distance].joined(separator: "\t"))
            }
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
