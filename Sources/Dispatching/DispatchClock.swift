public import Foundation
import Synchronization

/// Where dispatch reads the time, so acknowledgement timers can be tested without sleeping.
public protocol DispatchClock: Sendable {
    func now() -> Date
}

public struct SystemClock: DispatchClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock tests move by hand.
public final class ManualClock: DispatchClock {
    private let time: Mutex<Date>

    public init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) { time = Mutex(start) }

    public func now() -> Date { time.withLock { $0 } }

    public func advance(by seconds: TimeInterval) { time.withLock { $0 = $0.addingTimeInterval(seconds) } }
}
