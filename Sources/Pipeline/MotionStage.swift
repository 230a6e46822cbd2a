public import AnalysisKit
import Media

/// Settings of the motion stage.
public struct MotionSettings: Sendable {
    /// Grey-level change (0–255) for a thumbnail pixel to count as moved.
    public var pixelThreshold = 25
    /// Fraction of the thumbnail that must move for a frame to show motion.
    public var minimumFraction = 0.003
    /// Above this fraction the whole picture changed (light switched, camera moved, scene cut): not motion.
    public var lightningFraction = 0.8

    public init() {}
}

/// Finds movement by differencing this frame's grey thumbnail against the previous sampled one.
public struct MotionStage: Stage {
    public let name = "motion"
    public var isGatedByMotion: Bool { false }
    public let settings: MotionSettings

    public init(settings: MotionSettings = .init()) { self.settings = settings }

    public func analyze(_ input: StageInput) throws -> [Detection] {
        guard let pair = ThumbnailPair(input.thumbnail, input.previousThumbnail) else { return [] }
        let moved = changedPixels(pair)
        let fraction = Double(moved.count) / Double(pair.width * pair.height)
        input.wholePictureChanged = fraction > settings.lightningFraction
        guard fraction >= settings.minimumFraction, fraction <= settings.lightningFraction,
              let box = moved.boundingBox else { return [] }
        let scale = Double(input.frame.width) / Double(input.thumbnail.width)
        let full = box.scaled(by: scale).expanded(by: 0, within: input.frame.width, input.frame.height)
        return [Detection(kind: .motion, box: full, confidence: fraction)]
    }

    /// Whether nothing moved between two sampled frames' thumbnails, by this stage's measure: a frame the costly stages
    /// would skip, and so the first a lagging live camera may lose. Not still when the two cannot be compared (a
    /// connection's first frame must be looked at) or when the whole picture changed.
    func isStill(_ thumbnail: Image, after previous: Image?) -> Bool {
        guard let pair = ThumbnailPair(thumbnail, previous) else { return false }
        return Double(changedPixels(pair).count) < settings.minimumFraction * Double(pair.width * pair.height)
    }

    /// Pixels whose change exceeds the threshold and which have at least two moved neighbours
    /// (a lone pixel is compression noise).
    private func changedPixels(_ pair: ThumbnailPair) -> MovedPixels {
        let width = pair.width, height = pair.height
        let mask = pair.changes(threshold: settings.pixelThreshold)
        var moved = MovedPixels()
        for y in 0..<height {
            for x in 0..<width where mask[y * width + x] {
                var neighbours = 0
                for dy in -1...1 where y + dy >= 0 && y + dy < height {
                    for dx in -1...1 where x + dx >= 0 && x + dx < width && (dx != 0 || dy != 0) {
                        if mask[(y + dy) * width + x + dx] { neighbours += 1 }
                    }
                }
                if neighbours >= 2 { moved.add(x: x, y: y) }
            }
        }
        return moved
    }
}

private struct MovedPixels {
    var count = 0
    var minX = Int.max, minY = Int.max, maxX = -1, maxY = -1

    mutating func add(x: Int, y: Int) {
        count += 1
        minX = min(minX, x); maxX = max(maxX, x)
        minY = min(minY, y); maxY = max(maxY, y)
    }

    var boundingBox: Box? {
        count > 0 ? Box(x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1) : nil
    }
}
