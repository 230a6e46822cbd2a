public import AnalysisKit
public import Media

/// Groups frames with motion into events: an event ends after `quietSeconds` without motion.
public struct MotionTracker: Tracker {
    public let kind = DetectionKind.motion
    /// Stillness that ends an event.
    public var quietSeconds = 1.0
    /// Events shorter than this many frames are noise.
    public var minimumFrames = 2
    /// Motion that never stops (trees in wind, a fountain) is recorded in events of at most this length.
    public var maximumSeconds = 600.0
    private var open: Event?

    private struct Event {
        var first: Double
        var last: Double
        var frames: Int
        var box: Box
        var best: Frame
        var bestFraction: Double
    }

    public init() {}

    public mutating func update(_ frame: Frame, detections: [Detection]) -> [Pass] {
        var ended: [Pass] = []
        if let event = open, frame.time - event.last > quietSeconds || frame.time - event.first > maximumSeconds {
            ended += close()
        }
        guard let detection = detections.max(by: { $0.confidence < $1.confidence }) else { return ended }
        if var event = open {
            event.last = frame.time
            event.frames += 1
            event.box = event.box.union(detection.box)
            if detection.confidence > event.bestFraction {
                event.best = frame
                event.bestFraction = detection.confidence
            }
            open = event
        } else {
            open = Event(first: frame.time, last: frame.time, frames: 1, box: detection.box, best: frame,
                         bestFraction: detection.confidence)
        }
        return ended
    }

    public mutating func finish() -> [Pass] { close() }

    private mutating func close() -> [Pass] {
        defer { open = nil }
        guard let event = open, event.frames >= minimumFrames else { return [] }
        return [Pass(kind: .motion, label: nil, firstTime: event.first, lastTime: event.last, bestFrame: event.best,
                     box: event.box, confidence: event.bestFraction, frames: event.frames, keepsCrop: false)]
    }
}
