public import Foundation
public import Incidents
public import Logging
import Metrics
public import PostgresStore

/// A camera's writes on a shared store while cameras are leased: each carries its camera's epoch and is refused,
/// in its own transaction, when the camera's lease has moved on (fencing); one with no trusted lease is not even
/// sent. Every refusal is counted (`sharpeyes_fenced_writes_total`) and logged.
public struct FencedPassStore: PassStore {
    let store: PostgresStore
    let leases: LeaseTable
    let logger: Logger
    private let fenced = Counter(label: LeaseMetrics.fencedWrites)

    public init(store: PostgresStore, leases: LeaseTable, logger: Logger) {
        self.store = store
        self.leases = leases
        self.logger = logger
    }

    public func save(_ camera: Camera) async throws { try await store.save(camera) }

    public func record(_ sighting: Sighting, incident: Incident?, faceEmbedding: [UInt8]?, repeatWindow: TimeInterval,
                       raisedAt: Date?) async throws -> (Sighting, Incident?, isNew: Bool) {
        guard let epoch = leases.epoch(of: sighting.cameraId) else {
            refused("camera \(sighting.cameraId): write refused, this node holds no trusted lease on it", sighting)
            throw FencedWrite(camera: sighting.cameraId)
        }
        do {
            return try await store.record(sighting, incident: incident, faceEmbedding: faceEmbedding,
                                          repeatWindow: repeatWindow, raisedAt: raisedAt, epoch: epoch)
        } catch let error as PostgresStoreError where error.kind == .fenced {
            refused(error.message, sighting)
            throw error
        }
    }

    private func refused(_ message: String, _ sighting: Sighting) {
        fenced.increment()
        logger.warning("fenced: \(message)", metadata: ["camera.id": "\(sighting.cameraId)"])
    }
}

/// A write of a camera this node no longer holds.
public struct FencedWrite: Error, CustomStringConvertible {
    public let camera: String
    public var description: String { "camera \(camera): this node no longer holds its lease" }
}

/// The lease gauges and counters `/metrics` exports.
public enum LeaseMetrics {
    public static let held = "sharpeyes_leases_held"
    public static let claimed = "sharpeyes_lease_claims_total"
    public static let lost = "sharpeyes_leases_lost_total"
    public static let fencedWrites = "sharpeyes_fenced_writes_total"
}
