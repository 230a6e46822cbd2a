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
        // An empty report (a device just booted) stops nothing.
        let empty = await supervisor.discover([], from: "d1")
        #expect(empty.added.isEmpty && empty.removed.isEmpty && empty.restarted.isEmpty)
    }

    @Test func aChannelTwoDevicesReportRunsOnceFromItsFirstReporter() async throws {
        let supervisor = CameraSupervisor(specs: [], store: try IncidentStore(),
                                          pool: WorkerPool(workers: 1, logger: Logger(label: "test")),
                                          plan: { StagePlan(stages: $0.stages, models: Models(faces: nil, plates: nil),
                                                            watchlists: Watchlists(), settings: .init()) },
                                          logger: Logger(label: "test"))
        var fromNVR = spec("shared"), fromCamera = spec("shared")
        fromNVR.camera.name = "via NVR"
        fromCamera.camera.name = "direct"
        #expect(await supervisor.discover([fromNVR], from: "nvr").added == ["shared"])
        // The camera itself reports the same channel: it stays as the NVR has it, no restart.
        let second = await supervisor.discover([fromCamera, spec("own")], from: "camera")
        #expect(second.added == ["own"] && second.restarted.isEmpty && second.removed.isEmpty)
        // The NVR drops it: the camera's report takes over (a restart), nothing stops.
        let dropped = await supervisor.discover([spec("other")], from: "nvr")
        #expect(dropped.restarted == ["shared"] && dropped.removed.isEmpty && dropped.added == ["other"])
        // The camera drops it too: now it stops.
        let gone = await supervisor.discover([spec("own")], from: "camera")
        #expect(gone.removed == ["shared"])
    }
}
