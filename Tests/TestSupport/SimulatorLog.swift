public import Foundation

/// What scripts/gb28181-sim.py printed, read by event: one line per event, its fields separated by spaces, the
/// wall-clock time (seconds since the epoch) last on the lines a test times.
public struct SimulatorLog: Sendable {
    public let text: String

    public init(_ text: String) { self.text = text }

    /// The fields after `event` on each line that starts with it, in order.
    public func lines(_ event: String) -> [[String]] {
        text.split(separator: "\n").compactMap { line in
            guard line.hasPrefix(event + " ") else { return nil }
            return line.dropFirst(event.count + 1).split(separator: " ").map(String.init)
        }
    }

    /// When the first `event` happened, from the time it logged.
    public func time(of event: String) -> Date? {
        lines(event).first?.last.flatMap(Double.init).map { Date(timeIntervalSince1970: $0) }
    }

    /// The dialogs the device streamed, in order: the port it sent to and the Call-ID.
    public var streams: [(port: Int, callID: String)] {
        lines("streaming").compactMap { fields in
            guard fields.count >= 4, let port = Int(fields[1]) else { return nil }
            return (port, fields[3])
        }
    }

    /// The Call-IDs of the BYEs the device received.
    public var byes: [String] { lines("bye").compactMap(\.first) }
}

/// The ports of `transport` ("udp" or "tcp") that process `pid` has sockets bound to, from /proc: its descriptors'
/// socket inodes matched against the kernel's socket tables.
public func boundPorts(pid: Int32, transport: String) -> Set<Int> {
    let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []
    let inodes = Set(descriptors.compactMap { fd -> String? in
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(fd)"),
              target.hasPrefix("socket:[") else { return nil }
        return String(target.dropFirst("socket:[".count).dropLast())
    })
    let table = (try? String(contentsOfFile: "/proc/\(pid)/net/\(transport)", encoding: .utf8)) ?? ""
    return Set(table.split(separator: "\n").dropFirst().compactMap { row -> Int? in
        let columns = row.split(separator: " ")
        // local_address is "HEX_IP:HEX_PORT"; the inode is the tenth column.
        guard columns.count > 9, inodes.contains(String(columns[9])),
              let port = columns[1].split(separator: ":").last.flatMap({ Int($0, radix: 16) }) else { return nil }
        return port
    })
}
