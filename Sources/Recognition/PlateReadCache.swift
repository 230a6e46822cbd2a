import Media
import Synchronization

/// Plates one camera read with confidence in recent frames, shared by the camera's workers: a plate that stays where
/// it was is neither searched nor read again until its read ages (`maximumAge` seconds of media), and its earlier
/// read stands for it meanwhile — a car waiting at a gate or in traffic costs one read every `maximumAge`, not one
/// per sampled frame. A plate that moved, or left, is forgotten and read afresh where it is.
///
/// Boxes are in the pixels of the image the plate stage reads (one size per camera).
public final class PlateReadCache: Sendable {
    private struct Entry {
        var read: PlateRead
        /// Media time of the frame it was read in.
        var time: Double
    }

    private let entries = Mutex<[Entry]>([])
    /// Seconds of media a read stands for its plate before the plate is read again.
    let maximumAge: Double
    /// The weakest character's confidence a read needs to stand for later frames: a doubtful read is read again.
    let minimumConfidence: Double

    public init(maximumAge: Double = 1.5, minimumConfidence: Double = 0.9) {
        self.maximumAge = maximumAge
        self.minimumConfidence = minimumConfidence
    }

    /// The reads that may stand for their plates in a frame at media time `time`.
    func known(at time: Double) -> [PlateRead] {
        entries.withLock { entries in
            entries.filter { abs(time - $0.time) < maximumAge }.map(\.read)
        }
    }

    /// After a search at media time `time` that was given `known`: the reads still standing stay (with the time they
    /// were read), those of plates that moved or left go, and the confident fresh reads of `plates` come in.
    func update(at time: Double, known: [PlateRead], repeated: [PlateRead], plates: [PlateRead]) {
        let fresh = plates.filter { read in
            read.kind != nil && read.confidence >= minimumConfidence && !repeated.contains(read)
        }
        entries.withLock { entries in
            entries.removeAll { entry in
                abs(time - entry.time) >= maximumAge
                    || (known.contains(entry.read) && !repeated.contains(entry.read))
                    || fresh.contains { $0.box.overlap(entry.read.box) > 0.3 || $0.text == entry.read.text }
            }
            entries += fresh.map { Entry(read: $0, time: time) }
        }
    }
}
