import AsyncHTTPClient
import Dispatching
import Foundation
import Incidents
import Logging
import NIOCore
import Severities
import TestSupport

/// A district with two grids, patrol units at known distances, community forces, a command centre, and one
/// real webhook receiver on loopback (each force posts to its own path).
struct DispatchFixture {
    static let secret = "test-secret-0123456789"
    let receiver: WebhookReceiver
    let clock = ManualClock()
    let dispatcher: Dispatcher
    let store: IncidentStore
    let delivery: DeliveryService

    /// - Parameters:
    ///   - urls: the webhook URL of a force, when not the receiver's path for it.
    ///   - hook: wraps the dispatcher's incident hook (to make it fail, say).
    ///   - clonedPlates: the store's cloned-plate rule (off by default, as most tests raise one plate at one camera).
    init(receiver: WebhookReceiver? = nil, acknowledgeWithin: Double = 60, urls: [String: String] = [:],
         hook: (@escaping IncidentStore.IncidentHook) -> IncidentStore.IncidentHook = { $0 },
         clonedPlates: ClonedPlateRule? = nil) throws {
        let receiver = try receiver ?? WebhookReceiver()
        self.receiver = receiver
        let url = { (force: String) in urls[force] ?? "http://127.0.0.1:\(receiver.port)/\(force)" }
        let yaml = """
        grids:
          - {id: A, name: Grid A, polygon: [[126.60, 45.74], [126.70, 45.74], [126.70, 45.78], [126.60, 45.78]]}
          - {id: B, name: Grid B, polygon: [[126.70, 45.74], [126.80, 45.74], [126.80, 45.78], [126.70, 45.78]]}
        forces:
          - {id: patrol-near, name: P1, type: patrol, position: [45.762, 126.652], webhook: {url: "\(url("patrol-near"))", secret: \(Self.secret)}}
          - {id: patrol-mid, name: P2, type: patrol, position: [45.770, 126.670], webhook: {url: "\(url("patrol-mid"))", secret: \(Self.secret)}}
          - {id: patrol-busy, name: P3, type: patrol, status: busy, position: [45.760, 126.650], webhook: {url: "\(url("patrol-busy"))", secret: \(Self.secret)}}
          - {id: patrol-far, name: P4, type: patrol, position: [45.900, 126.900], webhook: {url: "\(url("patrol-far"))", secret: \(Self.secret)}}
          - {id: worker-a, name: Grid A worker, type: grid_worker, grid: A, webhook: {url: "\(url("worker-a"))", secret: \(Self.secret)}}
          - {id: worker-b, name: Grid B worker, type: grid_worker, grid: B, webhook: {url: "\(url("worker-b"))", secret: \(Self.secret)}}
          - {id: centre, name: Command centre, type: command_centre, webhook: {url: "\(url("centre"))", secret: \(Self.secret)}}
        rules:
          - name: watchlist hits
            send: [{type: patrol, units: 2}, {type: grid_worker}]
            acknowledge_within: \(acknowledgeWithin)
            escalate: [[{type: command_centre}]]
        """
        dispatcher = Dispatcher(config: try DispatchConfig(yaml: yaml), clock: clock, logger: Logger(label: "test"))
        let path = try temporaryDirectory("dispatch").appendingPathComponent("db.sqlite").path
        store = try IncidentStore(path: path, clonedPlates: clonedPlates, onNewIncident: hook(dispatcher.incidentHook))
        try store.save(Camera(id: "gate-1", name: "North gate", kind: .fixed, url: "rtsp://gate", latitude: 45.760, longitude: 126.650))
        delivery = DeliveryService(writer: store.writer, client: HTTPClient.shared, clock: clock, logger: Logger(label: "test"),
                                   requestTimeout: .seconds(2))
    }

    /// A watchlist hit at gate-1 (grid A), committed through the store as the pipeline does.
    @discardableResult
    func raise(_ kind: Sighting.Kind = .plate, subject: String = "黑A12345", read: String? = nil,
               reason: String = "stolen vehicle", seenSecondsAgo: Double = 0) throws -> Incident {
        let now = clock.now(), seen = now.addingTimeInterval(-seenSecondsAgo)
        let sighting = Sighting(cameraId: "gate-1", kind: kind, label: read ?? subject, firstSeen: seen, lastSeen: seen, bestTime: seen,
                                mediaOffset: 0, box: (0, 0, 10, 10), confidence: 0.9, frames: 3)
        let incident = Incident(cameraId: "gate-1", kind: kind, subject: subject, watchlist: "hotlist", reason: reason,
                                severity: .high, latitude: 45.760, longitude: 126.650, createdAt: now)
        let (_, stored, _) = try store.record(sighting, incident: incident, repeatWindow: 0)
        return stored!
    }

    func messages() throws -> [OutboxMessage] {
        try store.writer.read { db in try OutboxMessage.order(Column("id")).fetchAll(db) }
    }

    func orders() throws -> [DispatchOrder] {
        try store.writer.read { db in try DispatchOrder.order(Column("createdAt"), Column("forceId")).fetchAll(db) }
    }

    var paths: Set<String> { Set(receiver.received.map(\.path)) }
}

/// A value a `@Sendable` closure sets and a test reads.
final class Box<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) { stored = value }

    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

import GRDB
