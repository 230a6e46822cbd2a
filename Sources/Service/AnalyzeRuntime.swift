import Dispatching
import Incidents
public import Logging
import Pipeline
import Recognition

/// Everything `sharpeyes analyze` runs: one camera service for one source, over the same store, watchlists,
/// models and stage plan `serve` uses (`ServeRuntime`), and dispatch beside it when asked.
///
/// ```swift
/// let runtime = try await AnalyzeRuntime(request: request, logger: logger)
/// let dispatching = runtime.dispatching.map { runner in Task { try? await runner.run() } }
/// let summary = try await runtime.camera.runOnce()
/// dispatching?.cancel()  // delivery and escalation end, then the outbox drains
/// await dispatching?.value
/// ```
public final class AnalyzeRuntime: Sendable {
    public let camera: CameraService
    /// Delivery and escalation of the run's dispatch orders, when a dispatch configuration was given.
    public let dispatching: DispatchRunner?

    /// Opens the store, reads the watchlists, picks the stages and loads their models. Plate entries the hotlist
    /// refuses go to `warn`. No cloned-plate check: one run is one camera, and a file's times (from `recordedAt`,
    /// the file's creation time or now) are not a clock to hold against other cameras' reads in a shared database.
    public init(request: SourceRequest, dispatch: DispatchRequest? = nil, logger: Logger,
                warn: (String) -> Void = { _ in }) async throws {
        let dispatcher = try dispatch.map {
            Dispatcher(config: try DispatchConfig(path: $0.config), publicURL: $0.publicURL, logger: logger)
        }
        let store = try IncidentStore(path: request.database, onNewIncident: dispatcher?.incidentHook)
        dispatching = dispatcher.map { DispatchRunner(dispatcher: $0, store: store, logger: logger) }
        let watchlists = try await Watchlists.load(from: store, maximumConfusions: request.plateConfusions)
        for refusal in watchlists.plates.refused { warn(refusal) }
        let stages = request.stages(watchlists: watchlists)
        let models = try await Models.load(for: stages)
        let spec = request.spec(stages: stages)
        let plan = StagePlan(stages: spec.stages, models: models, watchlists: watchlists,
                             settings: request.settings.for(spec))
        camera = CameraService(spec: spec, store: store, pool: nil, plan: plan, logger: logger)
    }
}

/// Where `analyze` sends the incidents it raises: a dispatch configuration file, and this server's base URL for
/// acknowledgement links.
public struct DispatchRequest: Sendable {
    public var config: String
    public var publicURL: String

    public init(config: String, publicURL: String) {
        self.config = config
        self.publicURL = publicURL
    }
}
