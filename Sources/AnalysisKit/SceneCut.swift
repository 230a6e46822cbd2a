public import Media

/// Whether the whole picture changed between two sampled frames: a cut in edited footage, a PTZ camera moving to
/// another preset, a recorder switching channels. What was in view before is not what is in view now, so nothing
/// followed across frames (a face, a plate) may continue across it.
///
/// Most of the grey thumbnail must change strongly; moving people and vehicles, even close to the lens, change a
/// part of it. A light switched on changes all of it and is a cut too: the trackers then start afresh, which costs a
/// duplicate sighting at worst, never a merged one.
public enum SceneCut {
    /// Grey-level change (0–255) for a thumbnail pixel to count as changed.
    static let pixelThreshold = 40
    /// Fraction of the thumbnail that must change.
    static let fraction = 0.5

    public static func between(_ current: Image, _ previous: Image?) -> Bool {
        guard let pair = ThumbnailPair(current, previous) else { return false }
        let changed = pair.changes(threshold: pixelThreshold).reduce(0) { $1 ? $0 + 1 : $0 }
        return Double(changed) >= fraction * Double(pair.width * pair.height)
    }
}
