import Foundation
import Incidents
import Logging
import Recognition
@testable import Service
import Testing

/// A gate camera's writes (`GatePassStore`) over a real SQLite store: a write the store refuses is tried again by the
/// camera's sink with the same pass, which must get the same decision: the stranger's second gate still raises its
/// one incident, and the passage is logged once.
struct GatePassStoreTests {
    private struct Locked: Error {}

    /// Refuses the first passage write that raises an incident (as a locked database would), then writes through.
    private final class RefusingOnce: CommunityStore, @unchecked Sendable {
        let store: SQLiteStore
        private let lock = NSLock()
        private var refused = false
        init(_ store: SQLiteStore) { self.store = store }

        func registerVersion(community: String) async throws -> Int { try await store.registerVersion(community: community) }
        func register(community: String) async throws -> CommunityRegisterRows { try await store.register(community: community) }
        func addToRegister(_ batch: RegisterBatch) async throws -> RegisterBatch { try await store.addToRegister(batch) }
        func residents(community: String, named name: String, unit: String?) async throws -> [CommunityResident] {
            try await store.residents(community: community, named: name, unit: unit)
        }
        func accessLog(community: String, from: Date?, to: Date?, outcome: AccessOutcome?, limit: Int) async throws -> [AccessLogEntry] {
            try await store.accessLog(community: community, from: from, to: to, outcome: outcome, limit: limit)
        }
        func watches(community: String, at time: Date) async throws -> [(resident: CommunityResident, watch: CommunityWatch)] {
            try await store.watches(community: community, at: time)
        }
        func recordPassage(_ entry: AccessLogEntry, sighting: Sighting, incident: Incident?, faceEmbedding: [UInt8]?) async throws
            -> StoredPassage {
            let refuse = lock.withLock { () -> Bool in
                guard !refused, incident != nil else { return false }
                refused = true
                return true
            }
            if refuse { throw Locked() }
            return try await store.recordPassage(entry, sighting: sighting, incident: incident, faceEmbedding: faceEmbedding)
        }
    }

    private static let community = ServeConfig.Community(id: "yuyuan", name: "裕园小区", grid: "Y", gates: ["north", "south"], polygon: nil,
                                                          threshold: 0.45, timeZone: "UTC", nightStart: 23, nightEnd: 5,
                                                          strangerWindow: 3600)

    private static func face(_ at: Date, camera: String) -> Sighting {
        Sighting(cameraId: camera, kind: .face, firstSeen: at, lastSeen: at, bestTime: at, mediaOffset: 0, box: (0, 0, 80, 80),
                 confidence: 0, frames: 4)
    }

    @Test func aRetriedWriteGetsTheSameDecision() async throws {
        let sqlite = try IncidentStore()
        let store = RefusingOnce(sqlite.async)
        let gate = CommunityGate(community: Self.community, rows: CommunityRegisterRows())
        var values = [Float](repeating: 0, count: FaceEmbedding.dimensions)
        values[0] = 2
        let stranger = FaceEmbedding(values).bytes
        func gateStore(_ id: String) throws -> GatePassStore {
            let camera = Camera(id: id, name: id, kind: .fixed, url: "rtsp://\(id)", latitude: 45.76, longitude: 126.65)
            try sqlite.save(camera)
            return GatePassStore(gate: gate, camera: camera, store: store, saveCamera: { _ in }, keepsStrangersFaces: false,
                                 logger: Logger(label: "test"))
        }
        let now = Date()
        _ = try await gateStore("north").record(Self.face(now, camera: "north"), incident: nil, faceEmbedding: stranger,
                                                repeatWindow: 300, raisedAt: now)
        let south = try gateStore("south"), pass = Self.face(now.addingTimeInterval(60), camera: "south")
        await #expect(throws: Locked.self) {
            _ = try await south.record(pass, incident: nil, faceEmbedding: stranger, repeatWindow: 300, raisedAt: now)
        }
        let (_, incident, isNew) = try await south.record(pass, incident: nil, faceEmbedding: stranger, repeatWindow: 300, raisedAt: now)
        #expect(incident?.watchlist == "stranger_at_two_gates" && incident?.type == .gateRule && isNew)
        let log = try await sqlite.async.accessLog(community: "yuyuan", from: nil, to: nil, outcome: nil, limit: 10)
        #expect(log.map(\.cameraId) == ["south", "north"] && log.map(\.outcome) == [.stranger, .stranger], "\(log)")
        #expect(try sqlite.incidents().count == 1)
    }
}
