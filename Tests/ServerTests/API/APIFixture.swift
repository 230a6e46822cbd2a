import AsyncHTTPClient
import Dispatching
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Incidents
import Logging
import NIOCore
import NIOHTTP1
import AnalysisKit
import Prometheus
import Server
import Service
import Severities
import TestSupport

/// A real SQLite file with cameras in two grids, a token per role, incidents raised through the store with the
/// dispatcher's hook (so orders exist), snapshots on disk, and the real server on a loopback port.
final class APIFixture: Sendable {
    static let forces = """
    forces:
      - {id: patrol-near, name: P1, type: patrol, position: [45.762, 126.652]}
      - {id: worker-a, name: Grid A worker, type: grid_worker, grid: A}
      - {id: worker-b, name: Grid B worker, type: grid_worker, grid: B}
    grids:
      - {id: A, name: Grid A, polygon: [[126.60, 45.74], [126.70, 45.74], [126.70, 45.78], [126.60, 45.78]]}
      - {id: B, name: Grid B, polygon: [[126.70, 45.74], [126.80, 45.74], [126.80, 45.78], [126.70, 45.78]]}
    rules:
      - name: hits
        send: [{type: patrol, units: 1}, {type: grid_worker}]
        acknowledge_within: 600
    """

    let store: IncidentStore
    let dispatcher: Dispatcher
    let directory: URL
    let snapshots: URL
    /// Token secrets by role name ("community-b" for grid B's worker).
    let tokens: [String: String]

    /// - Parameter forces: the dispatch configuration (forces, grids, rules), when not `APIFixture.forces`.
    init(forces: String = APIFixture.forces) throws {
        directory = try temporaryDirectory("api")
        snapshots = directory.appendingPathComponent("snapshots")
        try FileManager.default.createDirectory(at: snapshots, withIntermediateDirectories: true)
        dispatcher = Dispatcher(config: try DispatchConfig(yaml: forces), logger: Logger(label: "test"))
        store = try IncidentStore(path: directory.appendingPathComponent("db.sqlite").path, onNewIncident: dispatcher.incidentHook)
        try store.save(Camera(id: "gate-a", name: "Gate A", kind: .fixed, url: "rtsp://a", latitude: 45.760, longitude: 126.650, grid: "A"))
        try store.save(Camera(id: "gate-b", name: "Gate B", kind: .fixed, url: "rtsp://b", latitude: 45.760, longitude: 126.750, grid: "B"))
        // About 30 km north-east of gate A.
        try store.save(Camera(id: "far", name: "Far road", kind: .fixed, url: "rtsp://far", latitude: 45.95, longitude: 126.90, grid: "B"))
        var tokens: [String: String] = [:]
        for (key, role, grid, force) in [
            ("admin", Role.admin, nil, nil), ("investigator", .investigator, nil, nil), ("dispatcher", .dispatcher, nil, nil),
            ("patrol", .patrol, nil, "patrol-near"), ("community", .community, "A", "worker-a"), ("community-b", .community, "B", "worker-b"),
        ] as [(String, Role, String?, String?)] {
            tokens[key] = try TokenSecret.create(name: key, role: role, grid: grid, force: force, in: store).secret
        }
        self.tokens = tokens
    }

    /// A sighting (with a snapshot and a crop on disk) and, when `subject` is given, its watchlist incident.
    @discardableResult
    func raise(_ kind: Sighting.Kind, camera: String, label: String?, subject: String? = nil, at time: Date = Date(),
               variants: [String] = [], reason: String = "wanted for fraud") throws -> (Sighting, Incident?) {
        let stem = UUID().uuidString
        let snapshot = snapshots.appendingPathComponent("\(stem).jpg"), crop = snapshots.appendingPathComponent("\(stem)-crop.jpg")
        let jpeg = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("plates/0666d35256.jpg")))
        try jpeg.write(to: snapshot)
        try jpeg.write(to: crop)
        let details = variants.isEmpty ? nil : "{\"variants\": {\(variants.map { "\"\($0)\": 1" }.joined(separator: ", "))}}"
        let sighting = Sighting(cameraId: camera, kind: kind, label: label, firstSeen: time, lastSeen: time, bestTime: time,
                                mediaOffset: 0, box: (10, 10, 50, 20), confidence: 0.95, frames: 4,
                                snapshotPath: snapshot.path, cropPath: crop.path, details: details)
        let cameraRow = try store.camera(id: camera)
        let incident = subject.map {
            Incident(cameraId: camera, kind: kind, subject: $0, watchlist: kind == .face ? "wanted" : "hotlist", reason: reason,
                     severity: .high, latitude: cameraRow?.latitude, longitude: cameraRow?.longitude, createdAt: time)
        }
        let (stored, raised, _) = try store.record(sighting, incident: incident, repeatWindow: 0)
        return (stored, raised)
    }

    /// Runs the real server on a free loopback port for `body`.
    /// - Parameter configure: changes the API services (feed settings, stream limits) before the server starts.
    func withServer(faces: Bool = false, status: any StatusSource = EmptyStatus(), configure: (inout APIServices) -> Void = { _ in },
                    _ body: @escaping @Sendable (API) async throws -> Void) async throws {
        var logger = Logger(label: "test.api")
        logger.logLevel = .error
        var services = APIServices(store: store, dispatcher: dispatcher, faces: faces ? FaceModelService(store: store, photos: snapshots.appendingPathComponent("watchlist").path) : nil,
                                   snapshotDirectory: snapshots.path)
        services.feedSettings.interval = .milliseconds(50)
        services.feedSettings.tokenCheckInterval = .milliseconds(200)
        configure(&services)
        let feed = services.feed
        let app = buildApplication(ServerSettings(host: "127.0.0.1", port: 0), status: status,
                                   registry: PrometheusCollectorRegistry(), api: services, logger: logger)
        try await app.test(.live) { client in
            try await body(API(port: client.port ?? 0, tokens: self.tokens, feed: feed))
        }
    }
}

/// A loopback client of the API: requests by role name.
struct API: Sendable {
    let port: Int
    let tokens: [String: String]
    /// The server's live-feed broadcaster (its read and stream counts).
    var feed: FeedBroadcaster? = nil

    struct Reply: Sendable {
        var status: Int
        var body: String
        var headers: [String: String]
        /// The body as it came (tiles, images).
        var bytes: [UInt8] = []

        /// The body as loosely typed JSON.
        var json: Any? { try? JSONSerialization.jsonObject(with: Data(body.utf8)) }
        var object: [String: Any] { json as? [String: Any] ?? [:] }
        var items: [[String: Any]] { object["items"] as? [[String: Any]] ?? [] }
        var error: String { object["error"] as? String ?? "" }
    }

    var base: String { "http://127.0.0.1:\(port)" }

    func call(_ path: String, as role: String? = nil, method: HTTPMethod = .GET, token: String? = nil,
              headers: [(String, String)] = [], body: ByteBuffer? = nil) async throws -> Reply {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        if let secret = token ?? role.flatMap({ tokens[$0] }) { request.headers.add(name: "Authorization", value: "Bearer \(secret)") }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(body) }
        // A call checks what the server answers, not how fast: a test process that shares two cores with the other
        // suites and a build beside them has taken over 30 s for one answer (4 of 657 tests, load 10).
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(120))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        return Reply(status: Int(response.status.code), body: String(buffer: bytes),
                     headers: Dictionary(response.headers.map { ($0.name.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a }),
                     bytes: Array(bytes.readableBytesView))
    }

    /// A multipart/form-data body of text fields and one file.
    static func form(_ fields: [String: String], file: (name: String, bytes: Data)?) -> (ByteBuffer, String) {
        let boundary = "sharpeyes-\(UUID().uuidString)"
        var body = Data()
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
        }
        if let file {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.name)\"; filename=\"photo.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n".utf8))
            body.append(file.bytes)
            body.append(Data("\r\n".utf8))
        }
        body.append(Data("--\(boundary)--\r\n".utf8))
        return (ByteBuffer(bytes: body), "multipart/form-data; boundary=\(boundary)")
    }
}

/// No cameras: these tests are about the history API.
struct EmptyStatus: StatusSource {
    func cameras() async -> [CameraStatus] { [] }
    func components() async -> [ComponentHealth] { [] }
}
