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
        guard let previous, previous.width == current.width, previous.height == current.height,
              previous.rowBytes == current.rowBytes, current.width > 0, current.height > 0 else { return false }
        var changed = 0
        for y in 0..<current.height {
            for x in 0..<current.width {
                let i = current.offset(x: x, y: y)
                if abs(Int(current.pixels[i]) - Int(previous.pixels[i])) > pixelThreshold { changed += 1 }
            }
        }
        return Double(changed) >= fraction * Double(current.width * current.height)
    }
}
