import Foundation
import Incidents
import Logging
import Recognition
import Service
import Severities
import TestSupport
import Testing
import Toolkit

/// A change made after the lists were loaded but before the reloader ran (while `serve` loads its models) reaches
/// the lists at the first look: the reloader compares with the counter read at load, not at its own start.
struct WatchlistReloaderStartTests {
    @Test func aChangeBetweenLoadingTheListsAndTheReloadersStartIsPickedUp() async throws {
        let path = try temporaryDirectory("reloader-start").appendingPathComponent("db.sqlite").path
        let store = try IncidentStore(path: path)
        let loadedAt = try await store.async.watchlistVersion()
        let watchlists = Watchlists()
        try store.listPlates([WatchlistPlate(pattern: "川A095Q5", reason: "stolen", severity: .high)])
        let timer = TestClock()
        let reloader = WatchlistReloader(on: store.async, watchlists: watchlists, loadedAt: loadedAt, timer: timer,
                                         logger: Logger(label: "test"))
        let running = Task { try await reloader.run() }
        defer { running.cancel() }
        #expect(await timer.sleepers(1), "the reloader waits for its first look")
        timer.advance(by: .milliseconds(500))
        let deadline = ContinuousClock.now + .seconds(180)  // generous: a full run can hold the pool for 30 s
        while watchlists.current.plates.entries.isEmpty, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(watchlists.current.plates.entries.count == 1, "the plate listed before the reloader started")
    }
}
