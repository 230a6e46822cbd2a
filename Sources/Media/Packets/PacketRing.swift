import Foundation

/// The recent compressed packets of one camera's video stream, bounded by time and bytes, always starting on a
/// keyframe so that what it holds can be written out without decoding.
///
/// ```swift
/// let ring = PacketRing(limits: .standard)
/// var options = ReaderOptions(); options.packets = ring      // the reader appends every packet it reads
/// let (window, next) = ring.window(from: hitTime - 10)       // pre-roll, from the keyframe at or before
/// let later = ring.packets(from: next, waiting: 1)           // then what arrives after
/// ```
/// The reader appends from its thread; clip writers read from theirs. Packets are numbered in the order they came,
/// so a reader that fell behind the ring's eviction learns it missed some (`.missed`) instead of skipping silently.
public final class PacketRing: @unchecked Sendable {
    public let limits: RingLimits
    // Everything below is guarded by `condition`'s lock.
    private let condition = NSCondition()
    /// Evicted packets are set to nil at once (their buffers go) and removed from the array on compaction.
    private var packets: [Packet?] = []
    /// Index in `packets` of the oldest packet kept.
    private var head = 0
    /// The number of `packets[head]`.
    private var firstNumber = 0
    /// Numbers of the keyframes kept, oldest first.
    private var keyframes: [Int] = []
    private var byteCount = 0
    private var closed = false

    public init(limits: RingLimits = .standard) {
        self.limits = limits
    }

    /// Keeps `packet`, then evicts whole GOPs from the front past the time or byte bound. A packet that is not a
    /// keyframe is not kept while the ring is empty: a window must start on a keyframe.
    public func append(_ packet: Packet) {
        condition.lock()
        defer { condition.unlock() }
        guard !closed, packet.isKeyframe || head < packets.count else { return }
        if packet.isKeyframe { keyframes.append(nextNumber) }
        packets.append(packet)
        byteCount += packet.bytes
        evict(newest: packet.time)
        condition.broadcast()
    }

    /// No more packets will come (the analysis ended): readers waiting for more are answered `.ended` at once.
    public func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// What the ring holds now: packets, bytes, and seconds from the first packet to the last.
    public var usage: (packets: Int, bytes: Int, seconds: Double) {
        condition.lock()
        defer { condition.unlock() }
        guard head < packets.count, let first = packets[head], let last = packets.last ?? nil else { return (0, 0, 0) }
        return (packets.count - head, byteCount, last.time - first.time)
    }

    /// The time of the newest packet kept, if any.
    public var newestTime: Double? {
        condition.lock()
        defer { condition.unlock() }
        return packets.last??.time
    }

    /// The packets from the last keyframe at or before `time` (from the oldest kept when `time` is older), and the
    /// number of the packet that will follow them.
    public func window(from time: Double) -> (packets: [Packet], next: Int) {
        condition.lock()
        defer { condition.unlock() }
        let start = keyframes.last { (kept($0)?.time ?? .infinity) <= time } ?? keyframes.first ?? nextNumber
        return (packets[index(of: start)...].compactMap { $0 }, nextNumber)
    }

    /// What `packets(from:waiting:)` found.
    public enum Read {
        /// The packets numbered from the one asked for, and the number that follows them.
        case packets([Packet], next: Int)
        /// Packets from the one asked for were evicted before they were read.
        case missed
        /// The ring is closed and every packet was read.
        case ended
        /// Nothing new within the wait.
        case idle
    }

    /// The packets numbered `next` and after, waiting up to `timeout` seconds for the first of them.
    public func packets(from next: Int, waiting timeout: Double) -> Read {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while true {
            if next < firstNumber { return .missed }
            if next < nextNumber { return .packets(packets[index(of: next)...].compactMap { $0 }, next: nextNumber) }
            if closed { return .ended }
            if !condition.wait(until: deadline) { return .idle }
        }
    }

    private var nextNumber: Int { firstNumber + packets.count - head }

    private func index(of number: Int) -> Int { head + number - firstNumber }

    /// A packet still kept (numbers from `firstNumber` to `nextNumber`).
    private func kept(_ number: Int) -> Packet? { packets[index(of: number)] }

    private func evict(newest: Double) {
        // Time: drop the oldest GOP while the next keyframe alone still reaches back `seconds`.
        while keyframes.count > 1, newest - (kept(keyframes[1])?.time ?? newest) >= limits.seconds {
            dropFront(before: keyframes[1])
        }
        // Bytes: drop GOPs; a single GOP over the cap empties the ring until the next keyframe.
        while byteCount > limits.bytes {
            dropFront(before: keyframes.count > 1 ? keyframes[1] : nextNumber)
        }
        if head > 256 && head * 2 > packets.count {
            packets.removeFirst(head)
            head = 0
        }
    }

    private func dropFront(before number: Int) {
        let end = index(of: number)
        for position in head..<end {
            byteCount -= packets[position]?.bytes ?? 0
            packets[position] = nil
        }
        firstNumber = number
        head = end
        keyframes.removeAll { $0 < number }
    }
}
