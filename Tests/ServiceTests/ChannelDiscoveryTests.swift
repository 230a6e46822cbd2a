import Incidents
import Logging
import Pipeline
import Recognition
import Service
import TestSupport
import Testing

/// A GB/T 28181 device's report replaces the cameras it reported before: new channels start, vanished ones stop,
/// another device's cameras and the configured ones stay.
struct ChannelDiscoveryTests {
    private func spec(_ id: String) -> CameraSpec {
        CameraSpec(camera: Camera(id: id, name: id, kind: .file, url: Fixtures.hamilton), streamURL: Fixtures.hamilton,
                   displayURL: Fixtures.hamilton, stages: [.motion], enabled: true, options: AnalysisOptions())
    }

    @Test func aDevicesNextCatalogReplacesItsChannels() async throws {
        let supervisor = CameraSupervisor(specs: [spec("configured")], store: try IncidentStore(),
                                          pool: WorkerPool(workers: 1, logger: Logger(label: "test")),
                                          plan: { StagePlan(stages: $0.stages, models: Models(faces: nil, plates: nil),
                                                            watchlists: Watchlists(), settings: .init()) },
                                          logger: Logger(label: "test"))
        let first = await supervisor.discover([spec("d1-a"), spec("d1-b")], from: "d1")
        #expect(Set(first.added) == ["d1-a", "d1-b"] && first.removed.isEmpty)
        let other = await supervisor.discover([spec("d2-a")], from: "d2")
        #expect(other.added == ["d2-a"] && other.removed.isEmpty)
        let second = await supervisor.discover([spec("d1-a"), spec("d1-c")], from: "d1")
        #expect(second.added == ["d1-c"] && second.removed == ["d1-b"] && second.restarted.isEmpty)
        let shadowing = await supervisor.discover([spec("configured")], from: "d2")
        #expect(shadowing.removed == ["d2-a"] && shadowing.added.isEmpty, "a configured camera of the same ID wins")
    }
}
