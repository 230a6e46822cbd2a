import ArgumentParser
import AsyncHTTPClient
import Dispatch
import Foundation
import Server

/// Commands that hold network connections, a database and media files open for long: they need descriptors to spare.
protocol NeedsDescriptors {}

extension SharpEyes.Serve: NeedsDescriptors {}
extension SharpEyes.DispatchCommand.Run: NeedsDescriptors {}
extension SharpEyes.DispatchCommand.Deliver: NeedsDescriptors {}
extension SharpEyes.DispatchCommand.Drill: NeedsDescriptors {}

extension SharpEyes {
    static func needsDescriptors(_ command: any ParsableCommand.Type) -> Bool { command is any NeedsDescriptors.Type }
}

/// File descriptors, checked and spent up front.
///
/// Some process-wide resources are made on first use and trap when they cannot be: NIO's event loops `try!` their
/// epoll, eventfd and timerfd descriptors, and libdispatch crashes (SIGILL) when its timer epoll cannot be made.
/// Made here at start, while descriptors are free, running out later costs a refused connection or a retried write,
/// never the process; and a limit too low to run at all is said plainly instead of trapping halfway.
enum Descriptors {
    /// Below this many free descriptors a networked command does not start: the event loops, SQLite's files and
    /// readers, a camera or two and a few connections need about this many.
    static let minimumFree = 64

    static func prepare() throws {
        let (open, limit) = (openCount(), ConnectionBudget.softLimit)
        if let limit, let open, limit - open < minimumFree {
            throw DescriptorError(
                "only \(limit - open) file descriptors are free (limit \(limit), \(open) open); sharpeyes needs at least " +
                    "\(minimumFree): raise the limit (ulimit -n, or LimitNOFILE= in the systemd unit)")
        }
        _ = HTTPClient.shared  // creates NIO's shared event loops
        // libdispatch makes its epoll on first use (crashing if it cannot) and a timerfd per clock on a clock's first
        // timer (if it cannot, that clock's timers never fire: every later sleep would hang).
        let fired = DispatchSemaphore(value: 0)
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(1)) { fired.signal() }
        DispatchQueue.global().asyncAfter(wallDeadline: .now() + .milliseconds(1)) { fired.signal() }
        for _ in 0..<2 where fired.wait(timeout: .now() + .seconds(10)) == .timedOut {
            throw DescriptorError("libdispatch's timers did not fire: too few file descriptors to run (raise ulimit -n)")
        }
    }

    /// Descriptors open now (without the one used to count them); nil when /proc cannot be read.
    private static func openCount() -> Int? {
        guard let directory = opendir("/proc/self/fd") else { return nil }
        defer { closedir(directory) }
        var count = -3  // ".", ".." and the directory's own descriptor
        while readdir(directory) != nil { count += 1 }
        return max(count, 0)
    }
}

struct DescriptorError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
