import Communities
import Foundation
import Incidents
import Logging
import Pipeline
import PostgresStore
import Recognition
import Server
import ServiceLifecycle
import Toolkit

/// The communities of a `serve` process: each one's register and gate rules (`CommunityGate`), what their gate
/// cameras run (faces embedded and kept for the register, no watchlist matching) and where they write
/// (`GatePassStore`), and the service that reloads a register when it changes.
struct CommunityGates: Sendable {
    /// By gate camera id.
    private let gates: [String: CommunityGate]
    private let communities: [CommunityGate]
    private let store: (any CommunityStore)?
    private let saveCamera: @Sendable (Camera) async throws -> Void
    private let keepsFaces: Set<String>
    /// The SQLite store, where gates keep their video; nil on PostgreSQL.
    private let videoStore: IncidentStore?
    private let logger: Logger

    /// No communities: every camera runs as configured.
    static let none = CommunityGates(communities: [], store: nil, saveCamera: { _ in }, keepsFaces: [], videoStore: nil,
                                     logger: Logger(label: "none"))

    private init(communities: [CommunityGate], store: (any CommunityStore)?,
                 saveCamera: @escaping @Sendable (Camera) async throws -> Void, keepsFaces: Set<String>, videoStore: IncidentStore?,
                 logger: Logger) {
        gates = Dictionary(communities.flatMap { gate in gate.community.gates.map { ($0, gate) } }, uniquingKeysWith: { first, _ in first })
        (self.communities, self.store, self.saveCamera, self.keepsFaces, self.logger) = (communities, store, saveCamera, keepsFaces, logger)
        self.videoStore = videoStore
    }

    /// Loads each configured community's register from the store.
    static func open(_ config: ServeConfig, backEnd: ServeBackEnd, logger: Logger) async throws -> CommunityGates {
        guard !config.communities.isEmpty, config.node.runsCameras else { return .none }
        if config.storage.postgres?.camerasFromDatabase == true { throw CommunityGatesError.leasedGates }
        let store = backEnd.communities
        var communities: [CommunityGate] = []
        for community in config.communities {
            let gate = try await CommunityGate.load(community, from: store)
            logger.notice("community \(community.id): \(gate.residentCount) resident(s) registered, gates \(community.gates.joined(separator: ", "))")
            communities.append(gate)
        }
        checkSeals(config.alarms?.devices ?? [], gates: communities, logger: logger)
        let keepsFaces = Set(config.cameras.filter(\.storeUnknownFaces).map(\.id))
        return CommunityGates(communities: communities, store: store, saveCamera: backEnd.saveCamera, keepsFaces: keepsFaces,
                              videoStore: backEnd.sqlite, logger: logger)
    }

    /// The stages of `spec`: a gate camera embeds every face and matches none against the watchlists (its faces and
    /// plates go to the register); every other camera as configured.
    func plan(for spec: CameraSpec, models: Models, watchlists: Watchlists, settings: StageSettings) -> StagePlan {
        guard gates[spec.camera.id] != nil else {
            return StagePlan(stages: spec.stages, models: models, watchlists: watchlists, settings: settings.for(spec))
        }
        var gateSettings = settings.for(spec)
        gateSettings.storesUnknownFaces = true
        return StagePlan(stages: spec.stages, models: models, watchlists: Watchlists(), settings: gateSettings)
    }

    /// Where a gate camera writes; nil for other cameras.
    func cameraStore(for spec: CameraSpec) -> CameraStore? {
        guard let gate = gates[spec.camera.id], let store else { return nil }
        return .shared(GatePassStore(gate: gate, camera: spec.camera, store: store, saveCamera: saveCamera,
                                     keepsStrangersFaces: keepsFaces.contains(spec.camera.id), videoStore: videoStore, logger: logger))
    }

    /// The register reloader, when there are communities.
    var services: [any Service] {
        guard let store, !communities.isEmpty else { return [] }
        return [CommunityRegisterReloader(gates: communities, store: store, logger: logger)]
    }
}

enum CommunityGatesError: Error, CustomStringConvertible {
    case leasedGates

    var description: String {
        "communities: gate cameras are not shared out by leases yet: run them from the config file (not cameras_from: database)"
    }
}

extension ServeBackEnd {
    /// Where the communities' registers and access logs are kept.
    var communities: any CommunityStore {
        switch self {
        case .sqlite(let store): store.async
        case .postgres(let store): store
        }
    }

    /// Saves a camera row, off the concurrency pool on SQLite.
    var saveCamera: @Sendable (Camera) async throws -> Void {
        switch self {
        case .sqlite(let store): { camera in try await store.async.writing { try $0.save(camera) } }
        case .postgres(let store): { camera in try await store.save(camera) }
        }
    }
}

/// Brings register changes (`sharpeyes community import`, the API) to the running gates: polls each community's
/// change counter and re-reads its register when it moved.
struct CommunityRegisterReloader: Service {
    let gates: [CommunityGate]
    let store: any CommunityStore
    let logger: Logger
    var interval: Duration = .seconds(1)

    func run() async throws {
        let periodic = Periodic(every: interval)
        guard await periodic.wait() else { return }
        await periodic.run {
            for gate in gates {
                do {
                    if try await gate.reloadIfChanged(from: store) {
                        logger.notice("community \(gate.community.id): register reloaded, \(gate.residentCount) resident(s)")
                    }
                } catch {
                    logger.error("community \(gate.community.id): cannot reload the register: \(error)")
                }
            }
        }
    }
}

extension ServeRuntime {
    /// The API's view of the configured communities (nil without any).
    static func communityDirectory(_ config: ServeConfig, backEnd: ServeBackEnd) -> CommunityDirectory? {
        guard !config.communities.isEmpty else { return nil }
        return CommunityDirectory(communities: config.communities.map { .init(id: $0.id, name: $0.name, grid: $0.grid) },
                                  store: backEnd.communities)
    }
}
