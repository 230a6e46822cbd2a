public import Hummingbird
public import Logging
public import Pipeline
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
    logger: Logger,
    onRunning: @escaping @Sendable () async -> Void = {}
) -> some ApplicationProtocol {
    Application(
        router: buildRouter(status: status, registry: registry),
        configuration: ApplicationConfiguration(
            address: .hostname(settings.host, port: settings.port),
            serverName: settings.serverName
        ),
        onServerRunning: { _ in await onRunning() },
        logger: logger
    )
}

/// `/health` is open to anyone (load balancers, systemd checks); `/api` and `/metrics` sit in one group so the
/// API-token authenticator can be added in front of both with a single `add(middleware:)`.
func buildRouter(status: any StatusSource, registry: PrometheusCollectorRegistry) -> Router<ServerRequestContext> {
    let router = Router(context: ServerRequestContext.self)
    router.add(middleware: ErrorMiddleware())
    HealthController(status: status).addRoutes(to: router.group("health"))

    let protected = router.group()
    CameraController(status: status).addRoutes(to: protected.group("api/cameras"))
    MetricsController(registry: registry).addRoutes(to: protected.group("metrics"))
    return router
}
