public import AnalysisKit
import AsyncHTTPClient
public import Dispatching
import Foundation
public import GB28181
import Media
import Incidents
public import Logging
public import Pipeline
import PostgresStore
import Recognition
public import Server
public import ServiceLifecycle
import Toolkit

/// Everything `sharpeyes serve` runs, built from one configuration: the store, the models, the shared worker
/// pool, the cameras, delivery and escalation of dispatch orders, retention and watchlist reloading. The HTTP
/// server is added by the caller (it needs `supervisor` as its status source).
///
/// ```swift
/// let runtime = try await ServeRuntime(config: config, logger: logger)   // SQLite or PostgreSQL, as configured
/// let group = ServiceGroup(services: [http] + runtime.services, logger: logger)
/// try await group.run()
/// runtime.shutdown()
/// ```
public final class ServeRuntime: Sendable {
    public let config: ServeConfig
    /// The store: the SQLite file, or the PostgreSQL server the nodes share.
    public let backEnd: ServeBackEnd
    public let supervisor: CameraSupervisor
    public let pool: WorkerPool
    public let dispatcher: Dispatcher
    public let services: [any Service]
    /// The GB/T 28181 platform, when the config has a `gb28181:` section.
    public let platform: SIPPlatform?
    private let models: Models
    private let watchlists: Watchlists
    private let logger: Logger
    /// How this node shares the database's cameras with others; nil when it runs its config's cameras.
    let leasing: Leasing?

    /// Opens the store, loads the models any enabled camera needs and prepares the services. Blocking parts
    /// (SQLite, model files) run off the concurrency pool.
    /// - Parameter configPath: the file `config` was read from; with `cameras_from: database`, the shared cameras'
    ///   entries are read with it (its defaults and grids).
    public init(config: ServeConfig, configPath: String? = nil, logger: Logger) async throws {
        self.config = config
        self.logger = logger
        let dispatcher = Dispatcher(config: config.dispatch, publicURL: config.http.publicURL ?? "http://\(config.http.listen)",
                                    logger: logger)
        let opened = try await ServeBackEnd.open(config, path: configPath, dispatcher: dispatcher, logger: logger)
        let (backEnd, watchlists) = (opened.backEnd, opened.watchlists)
        for refusal in watchlists.plates.refused { logger.warning("\(refusal)") }
        let node = config.node
        let leasing = Self.leasing(opened, config: config, path: configPath, logger: logger)
        var cameras = config.cameras
        if let leasing { cameras = try await SharedSpecs.config(path: leasing.path, cameras: opened.shared ?? []).cameras }
        let needed = node.runsCameras ? Set(cameras.filter(\.enabled).flatMap(\.stages)
                                            + (config.gb28181?.channels.flatMap(\.template.stages) ?? [])) : []
        let models = try await Models.load(for: needed)
        let pool = WorkerPool(workers: config.workers, logger: logger)
        let settings = config.recognition.settings
        let gates = try await CommunityGates.open(config, backEnd: backEnd, logger: logger)
        let supervisor = CameraSupervisor(specs: leasing == nil ? Self.cameras(of: config) : [],
                                          on: leasing?.cameraStore ?? backEnd.cameraStore, pool: pool,
                                          plan: { gates.plan(for: $0, models: models, watchlists: watchlists, settings: settings) },
                                          storeOf: gates.cameraStore(for:), logger: logger)
        self.leasing = leasing
        // Catalogs reach the supervisor in the order they complete, through a service of the group.
        let (catalogs, reported) = AsyncStream.makeStream(of: DiscoveredChannels.self)
        let (deviceAlarms, alarmed) = AsyncStream.makeStream(of: DeviceAlarm.self)
        platform = config.gb28181.map { gb in
            SIPPlatform(settings: gb.platformSettings, logger: logger, onCatalog: { platform, deviceID, channels in
                let cameras = gb.cameras(platform: platform, deviceID: deviceID, channels: channels, in: config)
                reported.yield(DiscoveredChannels(device: deviceID, cameras: cameras))
            }, onAlarm: { _, alarm in alarmed.yield(alarm) })
        }
        // The shared store's client runs first, so it stops last, after every service that writes through it.
        var services: [any Service] = backEnd.clientService.map { [$0] } ?? []
        // An API node delivers and escalates the orders; an analysis node keeps its snapshots and watchlists.
        if node.servesAPI { services += Self.dispatchServices(backEnd, dispatcher: dispatcher, logger: logger) }
        // Stopped after the cameras drained, so it releases leases only once their last writes are in.
        if let leasing { services.append(leasing.keeper(node: node, supervisor: supervisor, logger: logger)) }
        if node.runsCameras {
            services += [
                RetentionService(on: backEnd.maintenance, sightingsDays: config.storage.retention.sightingsDays.map(Double.init),
                                 snapshotsDays: config.storage.retention.snapshotsDays.map(Double.init),
                                 faceEmbeddingDays: { [supervisor] in await supervisor.unknownFacesDays() }, logger: logger),
                WatchlistReloader(on: backEnd.maintenance, announcements: backEnd.watchlistAnnouncements, watchlists: watchlists,
                                  loadedAt: opened.watchlistVersion, logger: logger),
            ] + gates.services
        }
        // Services stop in reverse order: channel discovery first, then the cameras (each sends its BYE), and only
        // then the SIP server, which waits for the devices to answer those BYEs before it closes its sockets.
        if let store = backEnd.sqlite, let retention = config.segmentRetention(store: store, logger: logger) {
            services.append(retention)
        }
        if let platform { services.append(SIPServer(platform: platform, logger: logger)) }
        services.append(supervisor)
        if platform != nil { services.append(ChannelDiscovery(catalogs: catalogs, supervisor: supervisor)) }
        if platform != nil, let desk = Self.alarmDesk(config, store: backEnd.alarms, communities: backEnd.communities,
                                                      live: supervisor.live, logger: logger) {
            services.append(GBAlarmIntake(alarms: deviceAlarms, desk: desk, logger: logger))
        }
        self.services = services
        self.supervisor = supervisor
        self.backEnd = backEnd
        self.dispatcher = dispatcher
        self.pool = pool
        self.models = models
        self.watchlists = watchlists
    }

    /// Delivery, escalation and the outbox gauges, on either store (on PostgreSQL every API node runs them: claims
    /// and escalations are taken under row and incident locks, so each happens once).
    private static func dispatchServices(_ backEnd: ServeBackEnd, dispatcher: Dispatcher, logger: Logger) -> [any Service] {
        switch backEnd {
        case .sqlite(let store):
            let delivery = DeliveryService(writer: store.writer, client: .shared, logger: logger)
            return [delivery, EscalationService(dispatcher: dispatcher, writer: store.writer, logger: logger),
                    OutboxMonitor(delivery: delivery, logger: logger)]
        case .postgres(let store):
            let delivery = DeliveryService(outbox: store.outbox(), client: .shared, logger: logger)
            return [delivery, StoreEscalation(dispatcher: dispatcher, store: store, logger: logger),
                    OutboxMonitor(delivery: delivery, logger: logger)]
        }
    }

    /// Re-reads the configuration (SIGHUP): cameras are added, removed and restarted; the rest keep running.
    /// Stages whose models were not loaded at start are left out until a restart. An invalid file changes nothing.
    public func reload(from path: String) async {
        do {
            let fresh = try await Blocking.run { try ServeConfig(path: path) }
            if fresh.storage != config.storage || fresh.http != config.http || fresh.workers != config.workers
                || fresh.recognition.clonedPlates != config.recognition.clonedPlates || fresh.gb28181 != config.gb28181
                || fresh.communities != config.communities {
                logger.warning("storage, http, workers, cloned-plate, gb28181 and communities changes take effect at the next restart")
            }
            if fresh.node != config.node { logger.warning("node changes take effect at the next restart") }
            // Leased cameras follow the database (`sharpeyes cameras import`), not the file.
            guard leasing == nil else { return }
            await supervisor.apply(Self.cameras(of: fresh, node: config.node))
        } catch {
            logger.error("configuration not reloaded: \(error)")
        }
    }

    /// The cameras `config` gives this node: every one on an analysis node (`node` as the node started), none on an
    /// API-only node.
    static func cameras(of config: ServeConfig, node: ServeConfig.NodeSettings? = nil) -> [CameraSpec] {
        (node ?? config.node).runsCameras ? config.cameras.map { $0.spec(in: config) } : []
    }

    /// What the status API and `/health` show: the cameras, and the GB/T 28181 devices when this is a platform.
    public var status: any StatusSource {
        platform.map { GB28181Status(cameras: supervisor, platform: $0) } ?? supervisor
    }

    /// What the HTTP API works on: this runtime's store and dispatcher, and the face models when installed (photo
    /// enrolment and search by photo, on either store).
    public var apiServices: APIServices {
        let speedLimit = config.recognition.clonedPlates?.speedLimitKmh ?? ClonedPlateRule().speedLimitKmh
        var services = APIServices(records: backEnd.records, pairings: backEnd.pairings, dispatcher: dispatcher,
                                   snapshotDirectory: config.storage.snapshots, speedLimitKmh: speedLimit)
        if case .postgres(let store) = backEnd { services.nodes = store }
        services.faces = FaceModelService(on: backEnd.faces, photos: config.storage.snapshots + "/watchlist")
        if let store = backEnd.sqlite {
            services.store = store
            services.recordings = SegmentExports(store: store, directory: config.storage.snapshots)
        }
        services.feedSettings.limits = config.http.eventStreams
        services.tiles = config.http.mapTiles.flatMap { try? TileSource(path: $0) }
        services.alarms = Self.alarmDesk(config, store: backEnd.alarms, communities: backEnd.communities,
                                         live: supervisor.live, logger: logger)
        services.live = supervisor.live
        services.communities = Self.communityDirectory(config, backEnd: backEnd)
        return services
    }

    /// Ends the worker threads once every camera has drained. Blocking.
    public func shutdown() { pool.shutdown() }
}

/// The cameras made from one device's Catalog.
struct DiscoveredChannels: Sendable {
    let device: String
    let cameras: [CameraSpec]
}

/// Hands each GB/T 28181 device's channels to the camera supervisor, one Catalog after another, until shutdown.
struct ChannelDiscovery: Service {
    let catalogs: AsyncStream<DiscoveredChannels>
    let supervisor: CameraSupervisor

    func run() async {
        for await report in catalogs.cancelOnGracefulShutdown() {
            await supervisor.discover(report.cameras, from: report.device)
        }
    }
}
