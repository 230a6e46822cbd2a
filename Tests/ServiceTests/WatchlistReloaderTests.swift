import Foundation
import Incidents
import Logging
import Recognition
import Service
import Severities
import TestSupport
import Testing
import Toolkit

/// The watchlist reloader looks at the store when its timer moves, not on a sleep of its own.
struct WatchlistReloaderTests {
    @Test func aPlateListedElsewhereReachesTheListsWhenTheTimerMoves() async throws {
        let path = try temporaryDirectory("reloader").appendingPathComponent("db.sqlite").path
        let store = try IncidentStore(path: path)
        let watchlists = Watchlists()
        let timer = TestClock()
        let reloader = WatchlistReloader(store: store, watchlists: watchlists, timer: timer, logger: Logger(label: "test"))
        let running = Task { try await reloader.run() }
        defer { running.cancel() }
        #expect(await timer.sleepers(1), "the version at start was read")
        try store.listPlates([WatchlistPlate(pattern: "川A095Q5", reason: "stolen", severity: .high)])
        timer.advance(by: .milliseconds(499))
        #expect(watchlists.current.plates.entries.isEmpty, "no look before the interval has passed")
        timer.advance(by: .milliseconds(1))
        let deadline = ContinuousClock.now + .seconds(180)  // generous: a full run can hold the pool for 30 s
        while watchlists.current.plates.entries.isEmpty, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(watchlists.current.plates.entries.count == 1)
    }
}
