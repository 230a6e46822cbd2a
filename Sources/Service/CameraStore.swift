import Foundation
public import Incidents
import Synchronization

/// Where a camera's pipeline writes: the embedded SQLite store, synchronously as it always has, or a shared store's
/// async protocol (PostgreSQL). Either way the writes run on the camera's own serial queue (`PassSink`), never on
/// the concurrency pool: a shared store's call is awaited there, holding that queue's thread alone.
public enum CameraStore: Sendable {
    case sqlite(IncidentStore)
    case shared(any PassStore)

    /// The SQLite store, which clips and recording segments still need; nil on a shared store, unless it keeps its
    /// camera's video on SQLite (a community's gate: `KeepsVideo`).
    public var sqlite: IncidentStore? {
        switch self {
        case .sqlite(let store): store
        case .shared(let store): (store as? any KeepsVideo)?.videoStore
        }
    }

    func save(_ camera: Camera) throws {
        switch self {
        case .sqlite(let store): try store.save(camera)
        case .shared(let store): try AwaitOnThread.result { try await store.save(camera) }
        }
    }

    func record(_ sighting: Sighting, incident: Incident?, faceEmbedding: [UInt8]?, repeatWindow: TimeInterval,
                raisedAt: Date) throws -> (Sighting, Incident?, isNew: Bool) {
        switch self {
        case .sqlite(let store):
            return try store.record(sighting, incident: incident, faceEmbedding: faceEmbedding, repeatWindow: repeatWindow,
                                    raisedAt: raisedAt)
        case .shared(let store):
            return try AwaitOnThread.result {
                try await store.record(sighting, incident: incident, faceEmbedding: faceEmbedding,
                                       repeatWindow: repeatWindow, raisedAt: raisedAt)
            }
        }
    }
}

/// Waits, on the calling thread, for async work: for a thread of its own or a serial queue's (a camera's writes),
/// never for the concurrency pool, whose threads the work itself may need.
enum AwaitOnThread {
    static func result<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
        let done = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<T, any Error>?>(nil)
        Task {
            let result: Result<T, any Error>
            do { result = .success(try await work()) } catch { result = .failure(error) }
            outcome.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        guard let result = outcome.withLock({ $0 }) else { throw CancellationError() }
        return try result.get()
    }
}
