import Foundation
import Incidents
import PostgresStore
import Severities
import TestSupport
import Testing

/// Watchlist changes and new incidents are announced to every listening node when they commit.
struct NotificationTests {
    /// Waits up to `seconds` for the next element; nil when none came.
    private func next(_ stream: AsyncStream<Void>, within seconds: Double) async -> Void? {
        await withTaskGroup(of: Void?.self) { group in
            group.addTask { var iterator = stream.makeAsyncIterator(); return await iterator.next() }
            group.addTask { try? await Task.sleep(for: .seconds(seconds)); return nil }
            let first: Void? = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    @Test func aCommittedWatchlistChangeAndANewIncidentAreHeard() async throws {
        try await withPostgresStore { store, _ in
            for channel in [PostgresStore.Channel.watchlist, .feed] {
                let (ready, readied) = AsyncStream.makeStream(of: Void.self)
                let (heard, hear) = AsyncStream.makeStream(of: Void.self)
                let listener = Task {
                    try await store.notifications(on: channel, ready: { readied.yield() }) { hear.yield() }
                }
                #expect(await next(ready, within: 60) != nil, "LISTEN in place")
                let time = Date(timeIntervalSince1970: 1_795_000_000)
                switch channel {
                case .watchlist:
                    try await store.listPlates([WatchlistPlate(pattern: "黑A12345", reason: nil, severity: .high)])
                case .feed:
                    try await store.save(Camera(id: "gate", name: "gate", kind: .fixed, url: "rtsp://gate", createdAt: time))
                    try await store.record(
                        Sighting(cameraId: "gate", kind: .plate, label: "黑A12345", firstSeen: time, lastSeen: time, bestTime: time,
                                 mediaOffset: 0, box: (0, 0, 1, 1), confidence: 0.9, frames: 1),
                        incident: Incident(cameraId: "gate", kind: .plate, subject: "黑A12345", watchlist: "stolen", reason: nil,
                                           severity: .high, createdAt: time))
                }
                // Heard at once here; the bound is generous because a full run can hold the concurrency pool for
                // tens of seconds.
                #expect(await next(heard, within: 120) != nil, "\(channel) heard after the commit")
                listener.cancel()
                _ = await listener.result
            }
        }
    }

    /// A lasting listener reports LISTEN in place, each change, a killed connection, and LISTEN again on a new one.
    @Test func aListenerHearsChangesAndListensAgainAfterItsConnectionIsKilled() async throws {
        try await withPostgresStore { store, database in
            let (events, report) = AsyncStream.makeStream(of: PostgresStore.ChannelEvent.self)
            let listener = Task { await store.listen(on: .watchlist, retry: .milliseconds(200)) { report.yield($0) } }
            defer { listener.cancel() }
            var iterator = events.makeAsyncIterator()
            #expect(await iterator.next() == .listening)
            try await store.listPlates([WatchlistPlate(pattern: "黑A12345", reason: nil, severity: .high)])
            #expect(await iterator.next() == .changed)
            let killed = try await store.textRows("""
                SELECT pg_terminate_backend("pid")::text FROM pg_stat_activity
                WHERE "datname" = '\(database.name)' AND "query" ILIKE 'LISTEN%'
                """)
            #expect(killed == [["true"]], "one listening connection: \(killed)")
            guard case .lost = await iterator.next() else { Issue.record("the lost connection is reported"); return }
            #expect(await iterator.next() == .listening, "listening again on a new connection")
            try await store.listPlates([WatchlistPlate(pattern: "川A095Q5", reason: nil, severity: .high)])
            #expect(await iterator.next() == .changed)
        }
    }
}
