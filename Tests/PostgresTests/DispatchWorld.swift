import Dispatching
import Foundation
import GRDB
import Incidents
import Logging
import PostgresNIO
@testable import PostgresStore
import Severities
import TestSupport

/// A district for dispatch on both stores: two patrols near the gate, a grid worker, the command centre as the
/// next tier; one camera; watchlist hits raised through each store's recording write (which plans their orders).
/// Webhooks point at a closed port: these tests claim and record deliveries themselves, never send.
enum DispatchWorld {
    static let start = Date(timeIntervalSince1970: 1_800_000_000.25)
    static let camera = Camera(id: "gate-1", name: "North gate", kind: .fixed, url: "rtsp://gate", latitude: 45.760,
                               longitude: 126.650, createdAt: start)

    static func dispatcher(_ clock: ManualClock) throws -> Dispatcher {
        let hook = { (force: String) in "{url: \"http://127.0.0.1:9/\(force)\", secret: test-secret-0123456789}" }
        let yaml = """
        grids:
          - {id: A, name: Grid A, polygon: [[126.60, 45.74], [126.70, 45.74], [126.70, 45.78], [126.60, 45.78]]}
        forces:
          - {id: patrol-near, name: P1, type: patrol, position: [45.762, 126.652], webhook: \(hook("patrol-near"))}
          - {id: patrol-mid, name: P2, type: patrol, position: [45.770, 126.670], webhook: \(hook("patrol-mid"))}
          - {id: worker-a, name: Grid A worker, type: grid_worker, grid: A, webhook: \(hook("worker-a"))}
          - {id: centre, name: Command centre, type: command_centre, webhook: \(hook("centre"))}
        rules:
          - name: watchlist hits
            send: [{type: patrol, units: 2}, {type: grid_worker}]
            acknowledge_within: 60
            escalate: [[{type: command_centre}]]
        """
        return Dispatcher(config: try DispatchConfig(yaml: yaml), clock: clock, logger: quietLogger)
    }

    /// A watchlist hit on `subject` at the gate, now on `clock`.
    static func hit(_ subject: String, kind: Sighting.Kind = .plate, at clock: ManualClock) -> (Sighting, Incident) {
        let now = clock.now()
        let sighting = Sighting(cameraId: camera.id, kind: kind, label: subject, firstSeen: now, lastSeen: now, bestTime: now,
                                mediaOffset: 0, box: (0, 0, 10, 10), confidence: 0.9, frames: 3)
        let incident = Incident(cameraId: camera.id, kind: kind, subject: subject, watchlist: "hotlist", reason: "stolen",
                                severity: .high, latitude: 45.760, longitude: 126.650, createdAt: now)
        return (sighting, incident)
    }

    /// A migrated PostgreSQL store that plans new incidents' orders with `dispatcher`, the gate camera saved.
    static func withPostgres<Result: Sendable>(_ dispatcher: Dispatcher, clonedPlates: ClonedPlateRule? = nil,
                                               _ body: @Sendable (PostgresStore) async throws -> Result) async throws -> Result {
        try await PostgresCluster.shared().withDatabase { database in
            try await PostgresStore.withStore(database.configuration, clonedPlates: clonedPlates, dispatcher: dispatcher,
                                              logger: quietLogger) { store in
                try await store.save(camera)
                return try await body(store)
            }
        }
    }

    /// The outbox's messages, oldest first.
    static func messages(_ store: PostgresStore) async throws -> [OutboxMessage] {
        try await store.rows(#"SELECT * FROM "outbox" ORDER BY "id""#).map { try $0.outboxMessage() }
    }

    /// Every order with its transitions.
    static func records(_ store: any DispatchStore) async throws -> [OrderRecord] {
        try await store.orderRecords(states: [], force: nil, incidents: [], limit: 10_000)
    }

    /// Why `records` is not a consistent history: a transition chain that skips a state, or an order whose state is
    /// not its last transition's, or an order escalated twice. Nil when consistent.
    static func inconsistency(_ records: [OrderRecord]) -> String? {
        for record in records {
            let states = record.transitions.map(\.toState)
            let froms = record.transitions.map(\.fromState)
            if froms != [nil] + states.dropLast().map(Optional.some) { return "order \(record.order.forceId) chain \(froms) → \(states)" }
            if states.last != record.order.state { return "order \(record.order.forceId) is \(record.order.state), last transition \(String(describing: states.last))" }
            if record.transitions.filter({ $0.actor == "escalation" }).count > 1 { return "order \(record.order.forceId) escalated twice" }
        }
        return nil
    }
}
