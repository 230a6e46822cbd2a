import Foundation
import Incidents
import Media
import PostgresStore
import Severities
import Toolkit

/// One batch of `bench writes`: `passes` passes spread over the cameras, every write timed.
struct WriteLoad: Sendable {
    enum Work: String, CaseIterable, Sendable {
        /// A plate read with no hit: a sighting and its plate reads.
        case sightings
        /// A hotlist hit on a plate not seen before: a sighting, its plate reads and a new incident.
        case incidents
    }

    struct Timed: Sendable {
        var seconds: Double
        var latencies: [Double]
    }

    /// The writing cameras and, on PostgreSQL, the lease epoch each writes under.
    struct Cameras: Sendable {
        var ids: [String]
        var epochs: [String: Int64]
    }

    let work: Work
    let passes: Int
    let round: Int

    /// Saves the cameras in both stores and, on PostgreSQL, shares them and claims their leases for this process.
    static func prepare(writers: Int, sqlite: IncidentStore, postgres: PostgresStore) async throws -> Cameras {
        let cameras = (0..<writers).map { Camera(id: String(format: "writer-%03d", $0), name: "Writer \($0)", kind: .file, url: "/dev/null") }
        try await Blocking.run { for camera in cameras { try sqlite.save(camera) } }
        for camera in cameras { try await postgres.save(camera) }
        try await postgres.importCameras(cameras.map { ($0.id, "{id: \($0.id), kind: file, url: /dev/null}") })
        let leases = try await postgres.claimCameras(node: "bench-writes", capacity: writers, ttl: 3600, liveWithin: 3600)
        guard leases.count == writers else { throw CommandFailure("claimed \(leases.count) of \(writers) cameras: use an empty database") }
        return Cameras(ids: cameras.map(\.id), epochs: Dictionary(uniqueKeysWithValues: leases.map { ($0.cameraId, $0.epoch) }))
    }

    /// Each camera on a thread of its own, writing synchronously as a camera's serial queue does.
    func sqlite(_ store: IncidentStore, cameras: [String]) async throws -> Timed {
        try await timed(cameras) { camera, index in
            try await DedicatedThread.run { () throws -> [Double] in
                try passes(of: camera, index, cameras.count).map { sighting, incident in
                    let start = ContinuousClock.now
                    try store.record(sighting, incident: incident)
                    return (ContinuousClock.now - start).seconds
                }
            }
        }
    }

    /// Each camera a task awaiting its writes in turn, fenced by its lease epoch.
    func postgres(_ store: PostgresStore, cameras: Cameras) async throws -> Timed {
        try await timed(cameras.ids) { camera, index in
            var latencies: [Double] = []
            for (sighting, incident) in passes(of: camera, index, cameras.ids.count) {
                let start = ContinuousClock.now
                try await store.record(sighting, incident: incident, epoch: cameras.epochs[camera])
                latencies.append((ContinuousClock.now - start).seconds)
            }
            return latencies
        }
    }

    /// Runs `write` for every camera at once; the wall time of the whole batch and every write's time.
    private func timed(_ cameras: [String],
                       _ write: @escaping @Sendable (String, Int) async throws -> [Double]) async throws -> Timed {
        let start = ContinuousClock.now
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for (index, camera) in cameras.enumerated() { group.addTask { try await write(camera, index) } }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        return Timed(seconds: (ContinuousClock.now - start).seconds, latencies: latencies)
    }

    /// This camera's share of the passes: plates unique to the round, camera and pass (so every hit raises a new
    /// incident), each read five times with one OCR look-alike among the reads, as the plate tracker reports them.
    private func passes(of camera: String, _ index: Int, _ cameras: Int) -> [(Sighting, Incident?)] {
        stride(from: index, to: passes, by: cameras).map { pass in
            let plate = "黑" + String(UnicodeScalar(UInt8(65 + round % 26))) + String(format: "%05d", pass % 100_000)
                + (work == .sightings ? "S" : "H")
            let variant = String(plate.dropLast(2)) + "8" + String(plate.suffix(1))
            let now = Date()
            let sighting = Sighting(cameraId: camera, kind: .plate, label: plate, firstSeen: now.addingTimeInterval(-2),
                                    lastSeen: now, bestTime: now.addingTimeInterval(-1), mediaOffset: 0,
                                    box: (x: 400, y: 300, width: 120, height: 40), confidence: 0.93, frames: 5,
                                    details: #"{"reads":5,"text":"\#(plate)","variants":{"\#(plate)":4,"\#(variant)":1}}"#)
            let incident = work == .incidents
                ? Incident(cameraId: camera, kind: .plate, subject: plate, watchlist: "stolen", reason: "bench", severity: .high)
                : nil
            return (sighting, incident)
        }
    }
}
