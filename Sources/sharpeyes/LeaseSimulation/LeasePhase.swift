import Foundation

/// One measured stretch of the simulation: what the nodes did, what the database spent, and when every camera was
/// running on exactly one live node.
struct LeasePhase: Codable {
    var name: String
    var seconds: Double
    /// When every camera first ran on a live node, from the phase's start; nil if it never did.
    var allRunningAfter: Double?
    /// When every camera last came to run on a live node (after a dip from hand-overs), from the phase's start.
    var stableAfter: Double?
    /// The most cameras seen running on two live nodes at once (a lease held twice): must stay 0.
    var mostRunningTwice: Int
    var rounds: Int
    var failedRounds: Int
    var claims: Int
    var takeovers: Int
    var renewals: Int
    var lost: Int
    var roundsPerSecond: Double
    var claimsPerSecond: Double
    var takeoversPerSecond: Double
    var renewalsPerSecond: Double
    var roundP50Milliseconds: Double
    var roundP99Milliseconds: Double
    var roundMaxMilliseconds: Double
    /// Transactions committed per second (`pg_stat_database.xact_commit`).
    var commitsPerSecond: Double
    /// The PostgreSQL server's processes' CPU, in cores (1.0: one core busy); nil without its postmaster's pid.
    var databaseCores: Double?
    /// The simulator's own CPU, in cores.
    var simulatorCores: Double

    var line: String {
        let owned = allRunningAfter.map { "all cameras running after \(fixed($0, 1)) s" } ?? "NOT all cameras running"
        let stable = stableAfter.map { " (stable after \(fixed($0, 1)) s)" } ?? ""
        let database = databaseCores.map { fixed($0, 2) } ?? "?"
        return "\(name) (\(fixed(seconds, 1)) s): \(owned)\(stable); claims \(claims) (\(fixed(claimsPerSecond, 1))/s), "
            + "takeovers \(takeovers) (\(fixed(takeoversPerSecond, 1))/s), renewals \(renewals) (\(fixed(renewalsPerSecond, 0))/s), "
            + "lost \(lost), held twice \(mostRunningTwice); rounds \(fixed(roundsPerSecond, 1))/s (p50 "
            + "\(fixed(roundP50Milliseconds, 1)) ms, p99 \(fixed(roundP99Milliseconds, 1)) ms, max \(fixed(roundMaxMilliseconds, 0)) ms, "
            + "\(failedRounds) failed); database \(fixed(commitsPerSecond, 0)) commits/s, CPU \(database) cores; "
            + "simulator CPU \(fixed(simulatorCores, 2)) cores"
    }
}

/// `value` with `digits` decimals.
func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
