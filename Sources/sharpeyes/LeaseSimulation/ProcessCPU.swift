import Foundation
import Glibc

/// CPU time from /proc: a PostgreSQL server's (the postmaster and every process it started: backends, the
/// checkpointer, the WAL writer…) and this process's own, so a benchmark sharing the machine with its database can
/// say which side spent what.
enum ProcessCPU {
    /// Seconds of CPU (user + system) used so far by `pid` and its direct children; nil when `pid` is gone.
    static func server(_ pid: Int32) -> Double? {
        guard let own = stat(pid) else { return nil }
        let children = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap(Int32.init)
            .compactMap(stat).filter { $0.parent == pid }
        return own.seconds + children.reduce(0) { $0 + $1.seconds }
    }

    /// Seconds of CPU this process used so far.
    static var own: Double { stat(getpid())?.seconds ?? 0 }

    /// Fields of /proc/PID/stat after the command name (which may hold spaces and parentheses): the parent is the
    /// 4th field of the line, user and system time the 14th and 15th, in clock ticks.
    private static func stat(_ pid: Int32) -> (parent: Int32, seconds: Double)? {
        guard let line = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let end = line.lastIndex(of: ")") else { return nil }
        let fields = line[line.index(after: end)...].split(separator: " ")
        guard fields.count > 13, let parent = Int32(fields[1]), let user = Double(fields[11]), let system = Double(fields[12])
        else { return nil }
        return (parent, (user + system) / Double(sysconf(Int32(_SC_CLK_TCK))))
    }
}
