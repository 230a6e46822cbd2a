import Foundation
import Incidents
import Severities
import PostgresNIO
@testable import PostgresStore
import Testing

/// The live feed resumes after the last id a client saw, so ids must follow commit order: a transaction that took a
/// feed id and has not committed holds back every later one (under SQLite one writer gives this for free).
struct FeedOrderTests {
    private static let time = Date(timeIntervalSince1970: 1_795_000_000)

    private static func pass(_ plate: String) -> (Sighting, Incident) {
        (Sighting(cameraId: "gate", kind: .plate, label: plate, firstSeen: time, lastSeen: time, bestTime: time, mediaOffset: 0,
                  box: (0, 0, 1, 1), confidence: 0.9, frames: 1),
         Incident(cameraId: "gate", kind: .plate, subject: plate, watchlist: "stolen", reason: nil, severity: .high, createdAt: time))
    }

    @Test func aLaterIncidentWaitsForAnEarlierOneToCommit() async throws {
        try await withPostgresStore { store, _ in
            try await store.save(Camera(id: "gate", name: "gate", kind: .fixed, url: "rtsp://gate", createdAt: Self.time))
            let (opened, open) = AsyncStream.makeStream(of: Int64.self)
            let (released, release) = AsyncStream.makeStream(of: Void.self)
            let first = Task {
                try await store.client.withTransaction(logger: quietLogger) { connection in
                    var (sighting, incident) = Self.pass("黑A11111")
                    sighting.id = try await PostgresStore.insert(sighting, connection, quietLogger)
                    open.yield(try await PostgresStore.insertNew(incident, for: sighting, connection, quietLogger).id ?? 0)
                    for await _ in released { break }
                }
            }
            var ids = opened.makeAsyncIterator()
            let firstId = try #require(await ids.next())
            let (sighting, incident) = Self.pass("黑A22222")
            let second = Task { try await store.record(sighting, incident: incident).1?.id }
            try await Task.sleep(for: .milliseconds(500))
            #expect(try await store.feedEvents(after: 0, limit: 10).isEmpty, "a feed id committed while an earlier one is open")
            release.yield()
            try await first.value
            let secondId = try await second.value
            #expect(try await store.feedEvents(after: 0, limit: 10).map(\.incidentId) == [firstId, try #require(secondId)])
        }
    }
}
