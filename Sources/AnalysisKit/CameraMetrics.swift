public import CoreMetrics

/// One camera's metrics, created once so the hot path is a plain `increment(by:)` on a held counter.
public struct CameraMetrics: Sendable {
    /// The sighting kinds counted without a registry lookup (`DetectionKind`'s cases, which the store keeps).
    public static let sightingKinds = DetectionKind.allCases.map(\.rawValue)

    public let camera: String
    public let framesDecoded: Counter
    public let framesSampled: Counter
    public let framesAnalysed: Counter
    public let framesDropped: Counter
    public let decodeErrors: Counter
    public let reconnects: Counter
    public let incidents: Counter
    /// Sightings the store refused after every retry.
    public let sightingsLost: Counter
    /// Sampled frames waiting for a worker.
    public let queueDepth: Gauge
    /// 1 while the camera is `live`, 0 otherwise.
    public let up: Gauge
    /// Analysed frames per sampled ("wanted") frame over the last few seconds, 0 to 1: an operator sees which camera
    /// the workers cannot keep up with (the rest of its sampled frames were dropped).
    public let analysedRatio: Gauge
    private let sightingsByKind: [String: Counter]
    private let factory: any MetricsFactory

    public init(camera: String, factory: any MetricsFactory = MetricsSystem.factory) {
        self.camera = camera
        self.factory = factory
        let dimensions = [("camera", camera)]
        func counter(_ label: String) -> Counter { Counter(label: label, dimensions: dimensions, factory: factory) }
        framesDecoded = counter(MetricName.framesDecoded)
        framesSampled = counter(MetricName.framesSampled)
        framesAnalysed = counter(MetricName.framesAnalysed)
        framesDropped = counter(MetricName.framesDropped)
        decodeErrors = counter(MetricName.decodeErrors)
        reconnects = counter(MetricName.reconnects)
        incidents = counter(MetricName.incidents)
        sightingsLost = counter(MetricName.sightingsLost)
        queueDepth = Gauge(label: MetricName.queueDepth, dimensions: dimensions, factory: factory)
        up = Gauge(label: MetricName.cameraUp, dimensions: dimensions, factory: factory)
        analysedRatio = Gauge(label: MetricName.analysedRatio, dimensions: dimensions, factory: factory)
        sightingsByKind = Dictionary(uniqueKeysWithValues: Self.sightingKinds.map { kind in
            (kind, Self.sightingCounter(camera: camera, kind: kind, factory: factory))
        })
    }

    /// The sightings counter for `kind` ("plate", "face", "motion").
    public func sightings(_ kind: String) -> Counter {
        sightingsByKind[kind] ?? Self.sightingCounter(camera: camera, kind: kind, factory: factory)
    }

    /// Sets `sharpeyes_camera_up` from the camera's state.
    public func update(state: CameraState) {
        up.record(state == .live ? 1 : 0)
    }

    /// Removes this camera's series from `/metrics` (a camera dropped by a configuration reload).
    /// Counting on a removed object afterwards is harmless but no longer exported; a camera that comes back
    /// gets a fresh `CameraMetrics` and its counters restart at 0, which Prometheus reads as a counter reset.
    public func remove() {
        for counter in [framesDecoded, framesSampled, framesAnalysed, framesDropped, decodeErrors, reconnects, incidents,
                        sightingsLost] {
            counter.destroy()
        }
        for counter in sightingsByKind.values {
            counter.destroy()
        }
        queueDepth.destroy()
        up.destroy()
        analysedRatio.destroy()
    }

    private static func sightingCounter(camera: String, kind: String, factory: any MetricsFactory) -> Counter {
        Counter(label: MetricName.sightings, dimensions: [("camera", camera), ("kind", kind)], factory: factory)
    }
}
