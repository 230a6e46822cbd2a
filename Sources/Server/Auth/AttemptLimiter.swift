import Foundation
import Synchronization

/// Counts failed attempts (wrong pairing codes) in a sliding window, over all callers together: an address is easy
/// to change, and the whole server's limit is what bounds how many codes can be tried while one is live. The price,
/// a flood of wrong codes delaying an honest pairing by a minute, is the safe side.
final class AttemptLimiter: Sendable {
    private let limit: Int
    private let window: TimeInterval
    private let failures = Mutex<[Date]>([])

    init(limit: Int = 10, window: TimeInterval = 60) {
        self.limit = limit
        self.window = window
    }

    /// Whether another attempt may be made at `now`.
    func allows(at now: Date = Date()) -> Bool {
        failures.withLock { failures in
            failures.removeAll { now.timeIntervalSince($0) >= window }
            return failures.count < limit
        }
    }

    /// Notes a failed attempt.
    func failed(at now: Date = Date()) {
        failures.withLock { $0.append(now) }
    }
}
