import Foundation
import Logging
import PostgresStore
import Toolkit

/// How a node on a shared store takes part in sharing the database's cameras (`cameras_from: database`): the
/// store, the leases it holds and the fenced writes its cameras make through them.
struct Leasing: Sendable {
    let store: PostgresStore
    let path: String
    let ttl: Double
    let leases = LeaseTable()
    let logger: Logger

    /// The cameras' writes: each carries its camera's epoch.
    var cameraStore: CameraStore { .shared(FencedPassStore(store: store, leases: leases, logger: logger)) }

    func keeper(node: ServeConfig.NodeSettings, supervisor: CameraSupervisor, logger: Logger) -> LeaseKeeper {
        let path = path
        return LeaseKeeper(store: store, node: node, ttl: ttl, leases: leases, supervisor: supervisor,
                           specs: { await SharedSpecs.specs(path: path, cameras: $0, logger: logger) }, logger: logger)
    }
}

extension ServeRuntime {
    /// Leasing, when cameras come from the database and this node runs cameras.
    static func leasing(_ opened: ServeBackEnd.Opened, config: ServeConfig, path: String?, logger: Logger) -> Leasing? {
        guard config.node.runsCameras, let postgres = config.storage.postgres, postgres.camerasFromDatabase,
              case .postgres(let store) = opened.backEnd, let path else { return nil }
        return Leasing(store: store, path: path, ttl: postgres.leaseSeconds, logger: logger)
    }
}

/// The shared cameras' entries read with this node's config file (its defaults and grids), off the concurrency pool.
enum SharedSpecs {
    static func config(path: String, cameras: [SharedCamera]) async throws -> ServeConfig {
        let definitions = cameras.map(\.definition)
        return try await Blocking.run { try ServeConfig.withCameras(path: path, definitions: definitions) }
    }

    /// The specs of `cameras`; an entry this node cannot read is left out and logged, the others run.
    static func specs(path: String, cameras: [SharedCamera], logger: Logger) async -> [CameraSpec] {
        if let config = try? await config(path: path, cameras: cameras) { return config.cameras.map { $0.spec(in: config) } }
        var specs: [CameraSpec] = []
        for camera in cameras {
            do {
                let config = try await config(path: path, cameras: [camera])
                specs += config.cameras.map { $0.spec(in: config) }
            } catch {
                logger.error("shared camera \(camera.id) left out: \(error)")
            }
        }
        return specs
    }
}
