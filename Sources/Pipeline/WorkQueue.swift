import Foundation
import Media

/// A sampled frame waiting for a worker.
struct WorkItem: @unchecked Sendable {
    let sequence: Int
    let frame: Frame
    let thumbnail: Image
    let previousThumbnail: Image?
    let lane: Lane
    /// Nothing moved since the previous sampled frame (`MotionStage.isStill`): the first a full live lane drops.
    var still = false
}

/// Bounded per-camera lanes served round-robin to the workers, so one busy camera never starves another.
///
/// A live lane drops a frame when full (analysis must keep up with the present; the drop is reported to the caller,
/// who counts it): its oldest still frame, else its oldest. A still frame shows what the frame before it showed, so
/// losing it loses nothing a detector could find, while a frame with motion may hold the only good look at a face or a
/// plate going by. A recorded lane blocks the reader instead, so nothing is lost.
final class WorkQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var lanes: [String: [WorkItem]] = [:]
    private var order: [String] = []
    private var cursor = 0
    private var closed = false

    /// Adds `item` to `lane`; returns the item dropped to make room, if any.
    /// A capacity below 1 counts as 1: a lane that holds nothing could neither drop nor wait for room.
    func put(_ item: WorkItem, lane: String, capacity: Int, dropOldest: Bool) -> WorkItem? {
        let capacity = max(1, capacity)
        condition.lock()
        defer { condition.unlock(); condition.broadcast() }
        if lanes[lane] == nil { lanes[lane] = []; order.append(lane) }
        var dropped: WorkItem?
        if lanes[lane]!.count >= capacity {
            if dropOldest {
                dropped = lanes[lane]!.remove(at: lanes[lane]!.firstIndex(where: \.still) ?? 0)
            } else {
                while lanes[lane]!.count >= capacity { condition.wait() }
            }
        }
        lanes[lane]!.append(item)
        return dropped
    }

    /// The next item, round-robin over lanes; blocks while empty, `nil` once closed and drained.
    func take() -> WorkItem? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            for step in 0..<order.count {
                let lane = order[(cursor + step) % order.count]
                if let item = lanes[lane]?.first {
                    lanes[lane]!.removeFirst()
                    cursor = (cursor + step + 1) % order.count
                    condition.broadcast()
                    return item
                }
            }
            if closed { return nil }
            condition.wait()
        }
    }

    /// Frames waiting in `lane`.
    func depth(of lane: String) -> Int {
        condition.lock()
        defer { condition.unlock() }
        return lanes[lane]?.count ?? 0
    }

    /// Forgets an empty lane whose camera has stopped (cameras come and go in a long-running process).
    func removeLane(_ lane: String) {
        condition.lock()
        defer { condition.unlock() }
        guard lanes[lane]?.isEmpty ?? false, let index = order.firstIndex(of: lane) else { return }
        lanes[lane] = nil
        order.remove(at: index)
        cursor = order.isEmpty ? 0 : cursor % order.count
    }

    /// No more items will come; workers finish what is queued and stop.
    func close() {
        condition.lock()
        closed = true
        condition.unlock()
        condition.broadcast()
    }
}
