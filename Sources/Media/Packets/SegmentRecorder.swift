import Foundation
import Synchronization

/// Continuous recording: a camera's packets, followed in its packet ring, cut into MP4 segments of about
/// `segmentSeconds` by stream copy. Each segment starts on a keyframe (the first keyframe past the length cuts
/// it), is written under a temporary name and renamed when complete, then handed to `onSegment`.
///
/// ```swift
/// let recorder = SegmentRecorder(ring: ring, folder: "/srv/rec/gate", segmentSeconds: 10) { segment in index(segment) }
/// recorder.run()   // blocks until the ring is closed or `stop()`
/// ```
public final class SegmentRecorder: Sendable {
    /// One complete segment.
    public struct Segment: Sendable {
        public let path: String
        /// Its first packet's time and the end of its last frame, on the analysis time line.
        public let start: Double
        public let end: Double
        public let bytes: Int
        /// Keyframe times from the segment's start, in seconds (for seeking and cutting exports).
        public let keyframes: [Double]
    }

    private let ring: PacketRing
    private let folder: String
    private let segmentSeconds: Double
    private let onSegment: @Sendable (Segment) -> Void
    private let onError: @Sendable (MediaError) -> Void
    private let stopped = Mutex(false)
    /// The number of the first packet to record: the first to arrive after the recorder was made.
    private let first: Int

    public init(ring: PacketRing, folder: String, segmentSeconds: Double, onError: @escaping @Sendable (MediaError) -> Void = { _ in },
                onSegment: @escaping @Sendable (Segment) -> Void) {
        self.ring = ring
        self.folder = folder
        self.segmentSeconds = segmentSeconds
        self.onSegment = onSegment
        self.onError = onError
        first = ring.window(from: .infinity).next
    }

    static let idleLimit = 5.0

    /// Ends the recording after the packets already read; the open segment is completed.
    public func stop() { stopped.withLock { $0 = true } }

    /// Records until the ring is closed or `stop()`; the last segment is completed then.
    public func run() {
        var open: OpenSegment?
        var next = first
        var idleSince = Date()
        while !stopped.withLock({ $0 }) {
            switch ring.packets(from: next, waiting: 0.5) {
            case .packets(let packets, let following):
                (next, idleSince) = (following, Date())
                for packet in packets { open = write(packet, into: open) }
            case .missed:
                // Fell behind the ring: the segment ends at the gap; the next starts at the newest keyframe.
                open = finish(open)
                next = ring.window(from: .infinity).next
            case .ended:
                _ = finish(open)
                return
            case .idle:
                // A source that went quiet (lost, reconnecting) does not hold a segment open.
                if Date().timeIntervalSince(idleSince) > Self.idleLimit { open = finish(open) }
            }
        }
        _ = finish(open)
    }

    /// Writes `packet`, cutting a new segment at a keyframe past the length (or when the stream changed).
    private func write(_ packet: Packet, into open: OpenSegment?) -> OpenSegment? {
        var open = open
        if let current = open, startsNewStream(packet, after: current) || packet.isKeyframe && reachesLength(packet, from: current) {
            open = finish(current)
        }
        if open == nil {
            guard packet.isKeyframe else { return nil }
            do { open = try OpenSegment(folder: folder, first: packet) } catch { report(error); return nil }
        }
        do {
            try open?.write(packet)
        } catch {
            report(error)
            return finish(open)
        }
        return open
    }

    /// A new connection's packets start a segment of their own after a gap, when they cannot follow the segment's,
    /// or when they do not start on a keyframe; a looped recording reopened carries on in the same segment.
    private func startsNewStream(_ packet: Packet, after segment: OpenSegment) -> Bool {
        guard packet.format !== segment.format else { return false }
        return !packet.isKeyframe || packet.time - segment.last > 1 || !packet.format.canContinue(segment.format)
    }

    /// A keyframe a frame short of the length still cuts: encoders place keyframes on frames, not on seconds.
    private func reachesLength(_ keyframe: Packet, from segment: OpenSegment) -> Bool {
        keyframe.time - segment.start >= segmentSeconds - 1.5 * keyframe.format.frameDuration
    }

    private func finish(_ open: OpenSegment?) -> OpenSegment? {
        guard let open else { return nil }
        do { onSegment(try open.finish()) } catch { report(error) }
        return nil
    }

    private func report(_ error: any Error) {
        onError(error as? MediaError ?? MediaError(.encode, "\(error)"))
    }
}
