import Foundation
import GRDB
import Incidents
import Severities
import TestSupport
import Testing

/// The async store (`store.async`, the protocols the API uses) over a real SQLite file in WAL mode.
struct AsyncStoreTests {
    private struct Refused: Error {}

    private func fileStore() throws -> IncidentStore {
        try IncidentStore(path: try temporaryDirectory("async-store").appendingPathComponent("store.sqlite").path)
    }

    private func sighting(camera: String) -> Sighting {
        let now = Date()
        return Sighting(cameraId: camera, kind: .plate, label: "黑A12345", firstSeen: now, lastSeen: now, bestTime: now,
                        mediaOffset: 0, box: (0, 0, 10, 10), confidence: 0.9, frames: 1)
    }

    @Test func whatOneSideWritesTheOtherReads() async throws {
        let store = try fileStore()
        let records: any RecordStore = store.async
        try await records.listPlates([WatchlistPlate(pattern: "黑A12345", reason: "stolen", severity: .high)])
        #expect(try store.plateHotlist().map(\.pattern) == ["黑A12345"])
        try store.listPlates([WatchlistPlate(pattern: "黑B*", reason: "wanted", severity: .critical)])
        #expect(try await records.plateHotlist().map(\.pattern).sorted() == ["黑A12345", "黑B*"])
        #expect(try await records.listedPlate("黑B*")?.severity == .critical)
        #expect(try await records.removePlate("黑B*"))
        #expect(try await !records.removePlate("黑B*"))
    }

    /// Every store call inside one async write joins its transaction: a throw leaves nothing behind.
    @Test func anAsyncWriteCommitsWholeOrNotAtAll() async throws {
        let store = try fileStore()
        try store.save(Camera(id: "gate", name: "gate", kind: .file, url: "x.mp4"))
        await #expect(throws: Refused.self) {
            try await store.async.writing { store in
                try store.listPlates([WatchlistPlate(pattern: "黑A12345", reason: nil, severity: .high)])
                try store.record(sighting(camera: "gate"))
                throw Refused()
            }
        }
        #expect(try store.plateHotlist().isEmpty)
        #expect(try store.sightings().isEmpty)
        let saved = try await store.async.writing { store in try store.record(sighting(camera: "gate")).0 }
        #expect(try store.sightings().map(\.id) == [saved.id])
    }

    @Test func sqliteRefusalsComeOutAsStoreErrors() async throws {
        let store = try fileStore()
        do {
            _ = try await store.async.writing { store in try store.record(sighting(camera: "no such camera")) }
            Issue.record("a sighting of a camera that does not exist was stored")
        } catch let error as StoreError {
            #expect(error.kind == .constraint)
        }
        #expect(try store.sightings().isEmpty)
    }

    /// A read through the async API is not held up by a write transaction in progress (WAL: readers see the last
    /// commit), so the API keeps answering while a camera's recorder writes.
    @Test func readsGoOnWhileAWriteIsOpen() async throws {
        let store = try fileStore()
        try store.listPlates([WatchlistPlate(pattern: "黑A12345", reason: nil, severity: .high)])
        let writing = AsyncStream.makeStream(of: Void.self)
        let release = AsyncStream.makeStream(of: Void.self)
        let writer = Task {
            try await store.async.writing { store in
                try store.listPlates([WatchlistPlate(pattern: "黑B00001", reason: nil, severity: .low)])
                writing.continuation.yield()
                // Held open until the test has read: the read below must not wait for this transaction.
                let semaphore = DispatchSemaphore(value: 0)
                Task { for await _ in release.stream { break }; semaphore.signal() }
                semaphore.wait()
            }
        }
        for await _ in writing.stream { break }
        #expect(try await store.async.plateHotlist().map(\.pattern) == ["黑A12345"], "the uncommitted row is not seen")
        release.continuation.yield()
        try await writer.value
        #expect(try await store.async.plateHotlist().count == 2)
    }
}
