import Foundation
import HTTPTypes
import Incidents
import Hummingbird
import NIOCore
import Logging
import AnalysisKit
import Prometheus
import Testing
@testable import Server

/// A StatusSource with fixed answers: this suite tests the HTTP layer, not the runtime.
struct FakeStatus: StatusSource {
    var cameraList: [CameraStatus] = [FakeStatus.yard, FakeStatus.gate]
    var componentList: [ComponentHealth] = [
        ComponentHealth(name: "camera gate-north", status: .ok),
        ComponentHealth(name: "store", status: .ok),
    ]

    func cameras() async -> [CameraStatus] { cameraList }
    func components() async -> [ComponentHealth] { componentList }

    /// Whole seconds: ISO 8601 on the wire carries no fractions.
    static let lastFrame = Date(timeIntervalSince1970: 1_760_000_000)

    static let gate: CameraStatus = {
        var camera = CameraStatus(id: "gate-north", name: "Gate north", kind: "rtsp", url: "rtsp://cam1/stream", state: .live)
        camera.inputFps = 25
        camera.analysedFps = 5
        camera.framesDecoded = 1500
        camera.framesDropped = 3
        camera.lastFrameAt = lastFrame
        return camera
    }()

    static let yard: CameraStatus = {
        var camera = CameraStatus(id: "yard", name: "Yard", kind: "file", url: "/srv/yard.mp4", state: .reconnecting)
        camera.retryInSeconds = 8
        camera.failedAttempts = 2
        camera.lastError = "connection refused"
        return camera
    }()
}

func makeApp(
    status: FakeStatus = FakeStatus(),
    registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()
) throws -> some ApplicationProtocol {
    var logger = Logger(label: "test.server")
    logger.logLevel = .warning
    let store = try IncidentStore()
    _ = try store.insert(APIToken(name: "test", role: "admin", grid: nil, force: nil, secretHash: TokenSecret.hash(adminSecret)))
    return buildApplication(ServerSettings(host: "127.0.0.1", port: 0), status: status, registry: registry,
                            api: APIServices(store: store), logger: logger)
}

/// The secret of the admin token `makeApp` creates, as a request header.
let adminSecret = "se_test-admin"
let adminHeaders: HTTPFields = [.authorization: "Bearer \(adminSecret)"]

/// A response body as loosely typed JSON, to check the keys as clients see them.
func jsonObject(_ body: ByteBuffer) throws -> [String: Any] {
    try #require(JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any])
}
