import Foundation
import Incidents
import PostgresStore
import TestSupport
import Testing

/// PostgreSQL restarted under a running store: a write made while it is down fails with a clear error once no
/// connection came within `connectionTimeout` (without it the pool waits about a minute, for its circuit breaker,
/// and says only that), the recording path's retries take it from there, and the pool reconnects by itself once
/// the server is back (measured: the next write landed within 1 s of the restart).
struct PostgresRestartTests {
    private static let time = Date(timeIntervalSince1970: 1_795_000_000)

    private static func sighting(_ index: Int) -> Sighting {
        let at = time.addingTimeInterval(Double(index))
        return Sighting(cameraId: "gate", kind: .motion, firstSeen: at, lastSeen: at, bestTime: at, mediaOffset: 0,
                        box: (0, 0, 1, 1), confidence: 1, frames: 1)
    }

    @Test func writesFailClearlyWhileItIsDownAndLandOnceItIsBack() async throws {
        let cluster = try await PostgresCluster.startPrivate()
        try await cluster.withDatabase { database in
            var configuration = database.configuration
            configuration.connectionTimeout = .seconds(2)
            try await PostgresStore.withStore(configuration, logger: quietLogger) { store in
                try await store.save(Camera(id: "gate", name: "gate", kind: .fixed, url: "rtsp://gate", createdAt: Self.time))
                try await store.record(Self.sighting(0))
                try await cluster.stop()
                // The first write may take a pooled connection the server terminated as it stopped (57P01): that
                // is as unreachable, said at once. Once the pool knows, a write waits for a connection first.
                for attempt in 1...2 {
                    let started = ContinuousClock.now
                    let error = await #expect(throws: PostgresStoreError.self) { try await store.record(Self.sighting(attempt)) }
                    #expect(error?.kind == .unreachable)
                    #expect(error?.description.hasPrefix("cannot reach postgres 127.0.0.1:\(cluster.port)/") == true,
                            "\(String(describing: error))")
                    if error?.sqlState == nil {
                        #expect(ContinuousClock.now - started >= .seconds(2), "it waited for a connection first")
                    }
                }
                try await cluster.restart()
                var landed = false
                for attempt in 3..<200 where !landed {
                    landed = (try? await store.record(Self.sighting(attempt))) != nil
                    if !landed { try await Task.sleep(for: .milliseconds(100)) }
                }
                #expect(landed, "a write lands once the server is back")
            }
        }
    }
}
