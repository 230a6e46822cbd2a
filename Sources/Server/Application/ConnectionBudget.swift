import Glibc

/// How many HTTP connections the server holds at once: what the descriptor limit leaves after a reserve for the rest
/// of the process (SQLite and its readers, cameras and their snapshots, webhook deliveries, event loops).
///
/// Past it, new connections wait in the listen backlog instead of taking the last descriptors. Out of descriptors,
/// hits lose their snapshots, recordings cannot be reopened, deliveries fail, and libdispatch traps (SIGILL): its
/// worker monitor opens /proc/PID/stat once a second while work is queued and crashes when it cannot. With 1,000
/// connections held against `ulimit -n 256`, that trap ended `serve` within two minutes in 2 runs of 3.
package enum ConnectionBudget {
    /// For the process's soft descriptor limit; `Int.max` when it is unlimited.
    static var maximum: Int { maximum(limit: softLimit) }

    /// A quarter of the limit, and at least 128, is kept for the rest; never fewer than 16 connections.
    static func maximum(limit: Int?) -> Int {
        guard let limit else { return .max }
        return max(16, limit - max(128, limit / 4))
    }

    /// The process's soft limit on open descriptors; nil when unlimited or unknown.
    package static var softLimit: Int? {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max,
              limit.rlim_cur < rlim_t(Int.max) else { return nil }
        return Int(limit.rlim_cur)
    }
}
