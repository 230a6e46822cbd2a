import PostgresStore
import Synchronization

/// What every simulated node did, summed: read as snapshots, and a phase is the difference of two.
final class LeaseTally: Sendable {
    struct Counts: Sendable {
        var rounds = 0
        var failedRounds = 0
        var claims = 0
        /// Claims of a camera some node held before (its epoch above 1): a takeover after a death or a hand-over.
        var takeovers = 0
        var renewals = 0
        var lost = 0
        /// Each round's time, heartbeat to claim, in seconds.
        var roundSeconds: [Double] = []

        static func - (later: Counts, earlier: Counts) -> Counts {
            Counts(rounds: later.rounds - earlier.rounds, failedRounds: later.failedRounds - earlier.failedRounds,
                   claims: later.claims - earlier.claims, takeovers: later.takeovers - earlier.takeovers,
                   renewals: later.renewals - earlier.renewals, lost: later.lost - earlier.lost,
                   roundSeconds: Array(later.roundSeconds.dropFirst(earlier.roundSeconds.count)))
        }
    }

    private let counts = Mutex(Counts())

    var snapshot: Counts { counts.withLock { $0 } }

    func round(renewed: Int, claimed: [CameraLease], lost: Int, seconds: Double) {
        counts.withLock { counts in
            counts.rounds += 1
            counts.renewals += renewed
            counts.claims += claimed.count
            counts.takeovers += claimed.filter { $0.epoch > 1 }.count
            counts.lost += lost
            counts.roundSeconds.append(seconds)
        }
    }

    func failedRound() { counts.withLock { $0.failedRounds += 1 } }
}
