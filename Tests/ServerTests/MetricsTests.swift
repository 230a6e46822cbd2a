import CoreMetrics
import Hummingbird
import HummingbirdTesting
import NIOCore
import Metrics
import AnalysisKit
import Prometheus
import Testing
@testable import Server

struct MetricsTests {
    let registry = PrometheusCollectorRegistry()
    var metrics: ServiceMetrics { ServiceMetrics(factory: ServiceMetrics.prometheusFactory(registry: registry)) }

    @Test func countersAndHistogramReachTheEndpoint() async throws {
        let camera = metrics.camera("gate-north")
        camera.framesDecoded.increment(by: 3)
        camera.sightings("plate").increment()
        camera.update(state: .live)
        camera.analysedRatio.record(0.5)
        metrics.stage("plate").record(duration: .milliseconds(3))
        metrics.outboxPending.record(2)

        try await makeApp(registry: registry).test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get, headers: adminHeaders) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
                let text = String(buffer: response.body)
                #expect(text.contains(#"sharpeyes_frames_decoded_total{camera="gate-north"} 3"#))
                #expect(text.contains(#"sharpeyes_sightings_total{camera="gate-north",kind="plate"} 1"#))
                #expect(text.contains(#"sharpeyes_camera_up{camera="gate-north"} 1"#))
                #expect(text.contains(#"sharpeyes_camera_analysed_ratio{camera="gate-north"} 0.5"#), "a starved camera")
                #expect(text.contains(#"sharpeyes_stage_seconds_bucket{stage="plate",le="0.0025"} 0"#))
                #expect(text.contains(#"sharpeyes_stage_seconds_bucket{stage="plate",le="0.005"} 1"#))
                #expect(text.contains(#"sharpeyes_stage_seconds_bucket{stage="plate",le="2.0"} 1"#))
                #expect(text.contains("sharpeyes_outbox_pending 2"))
            }
        }
    }

    @Test func removedCameraLeavesTheExport() {
        let gate = metrics.camera("gate-north")
        let yard = metrics.camera("yard")
        gate.framesDecoded.increment()
        yard.framesDecoded.increment()
        gate.analysedRatio.record(1)
        gate.remove()

        let text = registry.emitToString()
        #expect(!text.contains(#"camera="gate-north""#))
        #expect(text.contains(#"sharpeyes_frames_decoded_total{camera="yard"} 1"#))
    }

    @Test func heldCountersAccumulate() {
        let first = metrics.camera("gate-north")
        let again = metrics.camera("gate-north")
        first.framesDropped.increment(by: 2)
        again.framesDropped.increment(by: 5)
        #expect(registry.emitToString().contains(#"sharpeyes_frames_dropped_total{camera="gate-north"} 7"#))
    }
}
