import Foundation
public import Hummingbird
public import Logging
public import AnalysisKit
public import Prometheus

/// Builds the status and metrics HTTP server; `sharpeyes serve` runs it as one of its services.
///
/// ```swift
/// let app = buildApplication(ServerSettings(port: 8080), status: runtime, registry: registry, logger: logger)
/// try await app.runService()
/// ```
public func buildApplication(
    _ settings: ServerSettings,
    status: any StatusSource,
    registry: PrometheusCollectorRegistry,
    api: APIServices,
    logger: Logger,
    onRunning: @escaping @Sendable () async -> Void = {}
) -> some ApplicationProtocol {
    Application(
        router: buildRouter(status: status, registry: registry, api: api, servesAPI: settings.servesAPI),
        // One channel wherever the server runs, so the transport tests hold for the one `serve` runs: a live view's
        // request upgrades (refused with a reason where no camera runs), every other request is plain HTTP/1.1.
        server: .guardedWebSocket(settings.timeouts, live: LiveController(services: api)),
        configuration: ApplicationConfiguration(
            address: .hostname(settings.host, port: settings.port),
            serverName: settings.serverName,
            availableConnectionsDelegate: .maximum(ConnectionBudget.maximum, logger: logger)
        ),
        onServerRunning: { _ in await onRunning() },
        logger: logger
    )
}

/// `/health` and the console's static files (`/`, `/console/…`) are open to anyone (load balancers, systemd checks,
/// the sign-in page); every other route sits behind the API-token authenticator (401 without a live token), and
/// each route checks its role's capability (403).
func buildRouter(
    status: any StatusSource, registry: PrometheusCollectorRegistry, api: APIServices, servesAPI: Bool = true,
    console: URL? = ConsoleFiles.folder
) -> Router<ServerRequestContext> {
    let router = Router(context: ServerRequestContext.self)
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: PathGuard())
    if servesAPI { router.add(middleware: ConsoleMiddleware(folder: console)) }
    HealthController(status: status).addRoutes(to: router.group("health"))

    let links = FootageLinks()
    let protected = router.group().add(middleware: FootageLinkMiddleware(links: links, store: api.records))
        .add(middleware: TokenAuthenticator(store: api.records))
    OpenAPIController().addRoutes(to: protected.group("openapi.yaml"))
    MetricsController(registry: registry).addRoutes(to: protected.group("metrics"))
    CallerController().addRoutes(to: protected.group("api/me"))
    CameraController(status: status, records: api.records).addRoutes(to: protected.group("api/cameras"))
    // An analysis-only node stops here: its cores go to detection, the command centre's API runs elsewhere.
    guard servesAPI else { return router }
    RecordingController(services: api).addRoutes(to: protected.group("api/cameras"))
    CameraPictureController(services: api).addRoutes(to: protected.group("api/cameras"))
    IncidentController(services: api).addRoutes(to: protected.group("api/incidents"))
    ClipController(services: api).addRoutes(to: protected.group("api/incidents"))
    ExportController(services: api).addRoutes(to: protected.group("api"))
    SightingController(services: api).addRoutes(to: protected.group("api/sightings"))
    MediaController(services: api).addRoutes(to: protected.group("api/sightings"))
    TrajectoryController(services: api).addRoutes(to: protected.group("api"))
    OrderController(services: api).addRoutes(to: protected.group("api/orders"))
    EventController(services: api).addRoutes(to: protected.group("api/events"))
    WatchlistController(services: api).addRoutes(to: protected.group("api/watchlists"))
    SearchController(services: api).addRoutes(to: protected.group("api/search"))
    AuditController(services: api).addRoutes(to: protected.group("api/audit"))
    NodeController(services: api).addRoutes(to: protected.group("api/nodes"))
    PairingController(services: api).addRoutes(open: router.group("api/pair"), protected: protected.group("api/pairings"))
    MapController(services: api, status: status).addRoutes(to: protected.group("api/map"))
    FootageLinkController(links: links).addRoutes(to: protected.group("api/media-links"))
    AlarmController(services: api).addRoutes(to: protected.group("api/alarms"))
    CommunityController(services: api).addRoutes(to: protected.group("api/communities"))
    return router
}
