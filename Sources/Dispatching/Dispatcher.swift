import Foundation
import GRDB
public import Incidents
public import Logging

/// Plans orders for incidents, records every state change, and escalates orders nobody acknowledged.
///
/// Planning runs inside the transaction that stores the incident (`incidentHook`), writing the orders and
/// their outbox messages there: a crash can lose neither, and a rollback leaves neither behind.
/// ```swift
/// let dispatcher = Dispatcher(config: try DispatchConfig(path: "dispatch.yaml"), logger: logger)
/// let store = try IncidentStore(path: "sharpeyes.sqlite", onNewIncident: dispatcher.incidentHook)
/// ```
public final class Dispatcher: Sendable {
    public let config: DispatchConfig
    package let clock: any DispatchClock
    let router: Router
    private let publicURL: String
    let logger: Logger

    /// - Parameter publicURL: base of the acknowledgement links in messages.
    public init(config: DispatchConfig, clock: any DispatchClock = SystemClock(), publicURL: String = "http://localhost:8080",
                logger: Logger) {
        self.config = config
        self.clock = clock
        router = Router(config: config)
        self.publicURL = publicURL
        self.logger = logger
    }

    public var incidentHook: IncidentStore.IncidentHook {
        { [self] db, incident in try plan(incident, tier: 0, excluding: [], db) }
    }

    /// The first rule whose conditions the incident meets.
    func rule(for incident: Incident) -> DispatchConfig.Rule? { config.rule(for: incident) }

    /// Creates the orders of one tier, their transitions and their outbox messages. Returns the orders.
    @discardableResult
    func plan(_ incident: Incident, tier: Int, excluding: Set<String>, _ db: Database) throws -> [DispatchOrder] {
        guard hasTier(tier, for: incident) else { return [] }
        let camera = try Camera.fetchOne(db, key: incident.cameraId)
        let sighting = try Sighting.fetchOne(db, key: incident.sightingId)
        return try plannedOrders(for: incident, tier: tier, excluding: excluding, camera: camera, sighting: sighting).map { planned in
            try planned.order.insert(db)
            var transition = planned.transition
            try transition.insert(db)
            if var message = planned.message { try message.insert(db) }
            return planned.order
        }
    }

    func makePayload(order: DispatchOrder, incident: Incident, camera: Camera?, sighting: Sighting?,
                     location: Coordinate?, timeout: Double) -> Payload {
        let grid = router.grid(at: location)
        return Payload(
            messageId: order.id, idempotencyKey: order.id, timestamp: order.createdAt, audience: .police,
            sensor: .init(id: incident.cameraId, type: camera?.kind.rawValue ?? "camera",
                          location: location.map { .init(lat: $0.latitude, lon: $0.longitude) }),
            place: .init(grid: grid?.id, gridName: grid?.name),
            object: .init(plate: incident.kind == .plate ? Self.plateToLookFor(incident, sighting) : nil,
                          plateRead: incident.kind == .plate ? sighting?.label : nil,
                          identity: incident.kind == .face ? incident.subject : nil),
            event: .init(id: order.incidentId, type: incident.type.rawValue, kind: incident.kind.rawValue, severity: incident.severity,
                         time: incident.createdAt, watchlist: incident.watchlist, reason: incident.reason,
                         seenAt: sighting?.lastSeen),
            snapshot: sighting?.id.map { "\(publicURL)/api/sightings/\($0)/snapshot.jpg" },
            faceCrop: incident.kind == .face ? sighting?.id.map { "\(publicURL)/api/sightings/\($0)/crop.jpg" } : nil,
            order: .init(id: order.id, forceId: order.forceId, tier: order.tier,
                         acknowledgeUrl: "\(publicURL)/api/orders/\(order.id)/ack", acknowledgeWithinSeconds: timeout))
    }

    private static func plateToLookFor(_ incident: Incident, _ sighting: Sighting?) -> String? {
        let pattern = incident.subject.contains(where: { $0 == "*" || $0 == "?" })
        return pattern ? sighting?.label ?? incident.subject : incident.subject
    }

    /// Writes a decided change in the caller's transaction: its transition, then the order.
    func record(_ change: OrderChange, _ db: Database) throws {
        var transition = change.transition
        try transition.insert(db)
        try change.order.update(db)
    }
}

func zipCoordinate(_ latitude: Double?, _ longitude: Double?) -> Coordinate? {
    guard let latitude, let longitude else { return nil }
    return Coordinate(latitude: latitude, longitude: longitude)
}
