public import CoreMetrics
public import AnalysisKit
public import Prometheus

/// Creates the service's metrics through one `MetricsFactory`, so tests can give each case its own
/// Prometheus registry while the process uses the global factory it bootstraps once.
///
/// ```swift
/// let registry = PrometheusCollectorRegistry()
/// let metrics = ServiceMetrics.bootstrap(registry: registry)   // once, at start
/// let camera = metrics.camera("gate-north")                    // once per camera
/// camera.framesDecoded.increment()                            // per frame
/// metrics.stage("plate").record(duration: elapsed)             // per stage per frame
/// ```
public struct ServiceMetrics: Sendable {
    /// Stage latency buckets, 1 ms to 2 s.
    public static let stageBuckets: [Duration] = [
        .milliseconds(1), .microseconds(2500), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2),
    ]

    let factory: any MetricsFactory
    /// Webhook deliveries waiting in the outbox, and those that gave up.
    public let outboxPending: CoreMetrics.Gauge
    public let outboxFailed: CoreMetrics.Gauge

    public init(factory: any MetricsFactory) {
        self.factory = factory
        outboxPending = Gauge(label: MetricName.outboxPending, factory: factory)
        outboxFailed = Gauge(label: MetricName.outboxFailed, factory: factory)
    }

    /// A Prometheus factory writing to `registry`, with `stageBuckets` for `sharpeyes_stage_seconds`.
    public static func prometheusFactory(registry: PrometheusCollectorRegistry) -> PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets[MetricName.stageSeconds] = stageBuckets
        return factory
    }

    /// Makes `registry` the process-wide metrics backend (so libraries' metrics land there too) and returns
    /// the service's metrics on it. `MetricsSystem.bootstrap` traps when called twice: call this once.
    public static func bootstrap(registry: PrometheusCollectorRegistry) -> ServiceMetrics {
        MetricsSystem.bootstrap(prometheusFactory(registry: registry))
        return ServiceMetrics(factory: MetricsSystem.factory)
    }

    /// The counters and gauges of one camera. Create it once when the camera starts and keep it.
    public func camera(_ id: String) -> CameraMetrics {
        CameraMetrics(camera: id, factory: factory)
    }

    /// Says which node this process is (`sharpeyes_node_info{node, roles} 1`), so a district's scrapes of many
    /// nodes can be told apart and joined.
    public func announce(node id: String, roles: [String]) {
        Gauge(label: MetricName.nodeInfo, dimensions: [("node", id), ("roles", roles.sorted().joined(separator: ","))],
              factory: factory).record(1)
    }

    /// The latency histogram of one analysis stage. Each call looks the stage up in the registry,
    /// so a worker keeps the timers of its stages.
    public func stage(_ name: String) -> CoreMetrics.Timer {
        Timer(label: MetricName.stageSeconds, dimensions: [("stage", name)], factory: factory)
    }
}
