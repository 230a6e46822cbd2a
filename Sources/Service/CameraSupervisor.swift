public import AnalysisKit
public import Incidents
public import Logging
public import Pipeline
public import ServiceLifecycle

/// Runs the cameras of a process and changes the set while it runs (SIGHUP): added cameras start, removed
/// ones drain and stop, changed ones restart, the rest keep running without a gap.
///
/// Cameras come and go, so they are child tasks of this one service rather than fixed members of the
/// `ServiceGroup`; each is still a `Service` and drains the same way when the group shuts down.
public actor CameraSupervisor: Service, StatusSource {
    private let store: CameraStore
    private let pool: WorkerPool
    private let makePlan: @Sendable (CameraSpec) -> StagePlan
    /// A camera's own store, when it has one (a community's gate); nil: `store`.
    private let storeOf: @Sendable (CameraSpec) -> CameraStore?
    private let logger: Logger
    /// The live views of the cameras it runs.
    public nonisolated let live = LiveCameras()
    private var running: [String: CameraService] = [:]
    private var order: [String] = []
    /// The cameras of the config file, and those found at run time (GB/T 28181 channels), which a reload keeps.
    private var configured: [CameraSpec]
    /// The discovered cameras by the device that reported them: a device's next report replaces its set.
    private var reported: [String: [String: CameraSpec]] = [:]
    /// The devices reporting each discovered camera ID, first reporter first: a channel an NVR and the camera itself
    /// both report (or that moved between NVRs) runs once, as its first reporter has it, until that one drops it.
    private var reporters: [String: [String]] = [:]
    private let commands: AsyncStream<Command>
    private let send: AsyncStream<Command>.Continuation

    private enum Command { case start(CameraService), end }

    public init(specs: [CameraSpec], store: IncidentStore, pool: WorkerPool,
                plan: @escaping @Sendable (CameraSpec) -> StagePlan, logger: Logger) {
        self.init(specs: specs, on: .sqlite(store), pool: pool, plan: plan, logger: logger)
    }

    /// The same on either store (`CameraStore`).
    public init(specs: [CameraSpec], on store: CameraStore, pool: WorkerPool,
                plan: @escaping @Sendable (CameraSpec) -> StagePlan,
                storeOf: @escaping @Sendable (CameraSpec) -> CameraStore? = { _ in nil }, logger: Logger) {
        self.store = store
        self.storeOf = storeOf
        self.pool = pool
        makePlan = plan
        self.logger = logger
        (commands, send) = AsyncStream.makeStream()
        configured = specs
        for spec in specs {
            let camera = CameraService(spec: spec, on: storeOf(spec) ?? store, pool: pool, plan: plan(spec), logger: logger, live: live)
            running[spec.camera.id] = camera
            order.append(spec.camera.id)
            send.yield(.start(camera))
        }
    }

    public func run() async throws {
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                for await command in commands {
                    switch command {
                    case .start(let camera): group.addTask { try? await camera.run() }
                    case .end: return
                    }
                }
            }
        } onGracefulShutdown: {
            Task { await self.stopAll() }
        }
    }

    /// The configured cameras' specs as last applied.
    public var specs: [CameraSpec] { configured }

    /// Applies a new list of configured cameras; returns what changed. Discovered cameras stay.
    @discardableResult
    public func apply(_ specs: [CameraSpec]) -> (added: [String], removed: [String], restarted: [String]) {
        configured = specs
        return reconcile()
    }

    /// The cameras a device reports now (its channels): they start or update, and those it reported before but no
    /// longer does stop. A configured camera of the same ID wins; so does a device that reported the ID first. A
    /// report with no camera at all changes nothing (a device just booted may answer its Catalog with no channel;
    /// the cameras it had come back when it answers in full).
    @discardableResult
    public func discover(_ specs: [CameraSpec],
                         from device: String) -> (added: [String], removed: [String], restarted: [String]) {
        guard !specs.isEmpty || reported[device, default: [:]].isEmpty else {
            logger.warning("GB28181 device \(device) reported no channel to analyse: its \(reported[device]?.count ?? 0) cameras keep running")
            return ([], [], [])
        }
        let now = Dictionary(specs.map { ($0.camera.id, $0) }, uniquingKeysWith: { first, _ in first })
        for gone in Set(reported[device, default: [:]].keys).subtracting(now.keys) {
            reporters[gone]?.removeAll { $0 == device }
            if reporters[gone]?.isEmpty == true { reporters[gone] = nil }
        }
        reported[device] = now
        for id in now.keys where reporters[id]?.contains(device) != true {
            if let first = reporters[id]?.first {
                logger.warning("GB28181 channel \(id) is reported by \(first) and \(device): it is received from \(first)")
            }
            reporters[id, default: []].append(device)
        }
        return reconcile()
    }

    private func reconcile() -> (added: [String], removed: [String], restarted: [String]) {
        let ids = Set(configured.map(\.camera.id))
        let discovered = reporters.compactMap { id, devices in devices.first.flatMap { reported[$0]?[id] } }
        let specs = configured + discovered.filter { !ids.contains($0.camera.id) }.sorted { $0.camera.id < $1.camera.id }
        let wanted = Dictionary(specs.map { ($0.camera.id, $0) }, uniquingKeysWith: { first, _ in first })
        var added: [String] = [], removed: [String] = [], restarted: [String] = []
        for id in order where wanted[id] == nil {
            running.removeValue(forKey: id)?.stop()
            // Its series leave /metrics (a removed camera is not a camera that stopped counting).
            CameraMetrics(camera: id).remove()
            removed.append(id)
        }
        order.removeAll { wanted[$0] == nil }
        for spec in specs {
            let id = spec.camera.id
            guard let current = running[id] else { start(spec); added.append(id); continue }
            guard current.spec != spec else { continue }
            current.stop()
            running[id] = nil
            order.removeAll { $0 == id }
            start(spec)
            restarted.append(id)
        }
        logger.notice("cameras reloaded: \(added.count) added, \(removed.count) removed, \(restarted.count) restarted")
        return (added, removed, restarted)
    }

    private func start(_ spec: CameraSpec) {
        let camera = CameraService(spec: spec, on: storeOf(spec) ?? store, pool: pool, plan: makePlan(spec), logger: logger, live: live)
        running[spec.camera.id] = camera
        order.append(spec.camera.id)
        send.yield(.start(camera))
    }

    private func stopAll() {
        for camera in running.values { camera.stop() }
        send.yield(.end)
        send.finish()
    }

    /// Days each configured camera keeps its face embeddings, as the retention service applies them now.
    public func unknownFacesDays() -> [String: Int] {
        running.mapValues(\.spec.unknownFacesDays)
    }

    public func cameras() async -> [CameraStatus] {
        order.compactMap { running[$0]?.status }
    }

    public func components() async -> [ComponentHealth] {
        await cameras().map { status in
            switch status.state {
            case .live, .finished, .disabled, .stopping: ComponentHealth(name: "camera.\(status.id)", status: .ok)
            case .connecting: ComponentHealth(name: "camera.\(status.id)", status: .degraded, detail: "connecting")
            case .reconnecting, .failed:
                ComponentHealth(name: "camera.\(status.id)", status: .degraded, detail: status.lastError ?? status.state.rawValue)
            }
        }
    }
}
