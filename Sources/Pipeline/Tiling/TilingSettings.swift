public import Media

/// How an eagle-eye camera's wide frames are cut into tiles for the face and plate stages.
///
/// A face or plate is a few dozen pixels in a 3840x2160 picture: scaled down to the analysis width it vanishes,
/// so each tile is analysed at full resolution instead. Tiles overlap by more than the largest face or plate, so
/// anything cut by one tile's edge lies whole inside its neighbour.
public struct TilingSettings: Sendable, Equatable {
    /// Tile size in full-resolution pixels: the detectors' working size (the analysis width at 16:9).
    public var tileWidth = 1280
    public var tileHeight = 720
    /// Minimum shared pixels between neighbouring tiles (the tiles are spread evenly, so often more).
    public var overlap = 160
    /// Only tiles touching these full-resolution rectangles are analysed, and only detections centred inside
    /// them are kept (a square, not the sky or the building opposite); empty means the whole frame.
    public var regions: [Box] = []
    /// Only tiles where the motion thumbnail changed run the stages (after the first sampled frame).
    public var motionGated = true
    /// Grey-level change (0–255) of a thumbnail pixel that counts as movement in a tile.
    public var motionThreshold = 18

    public init() {}

    /// Tile sizes the detectors can work on: from 64 pixels to an 8K frame.
    public static let tileWidthRange = 64...7680
    public static let tileHeightRange = 64...4320
    /// `overlap` a config may give; `problem` also wants it below half the tile's shorter side.
    public static let overlapRange = 0...2000

    /// The motion thumbnail width tiled cameras use (`AnalysisOptions.motionWidth`): one thumbnail pixel per ten
    /// pixels of a 4K frame, enough to tell which tiles moved.
    public static let motionWidth = 384

    /// Why these settings cannot work, or nil.
    public var problem: String? {
        let widths = Self.tileWidthRange, heights = Self.tileHeightRange
        if tileWidth < widths.lowerBound || tileHeight < heights.lowerBound {
            return "tiles must be at least \(widths.lowerBound)x\(heights.lowerBound) pixels"
        }
        if tileWidth > widths.upperBound || tileHeight > heights.upperBound {
            return "tiles must be at most \(widths.upperBound)x\(heights.upperBound) pixels"
        }
        if overlap < 0 || overlap >= min(tileWidth, tileHeight) / 2 { return "the overlap must be 0 to half the tile's shorter side" }
        if regions.contains(where: { $0.width <= 0 || $0.height <= 0 || $0.x < 0 || $0.y < 0 }) {
            return "regions must have a positive size and lie at or right/below 0,0"
        }
        return nil
    }

    /// The tiles of a `width`×`height` frame, rows top to bottom: same-sized, even-aligned, the last flush with the
    /// edge; those outside every region are left out.
    public func tiles(width: Int, height: Int) -> [Box] {
        let tileWidth = min(self.tileWidth, width) & ~1, tileHeight = min(self.tileHeight, height) & ~1
        let xs = Self.starts(length: width, tile: tileWidth, overlap: overlap)
        let ys = Self.starts(length: height, tile: tileHeight, overlap: overlap)
        let all = ys.flatMap { y in xs.map { x in Box(x: x, y: y, width: tileWidth, height: tileHeight) } }
        return regions.isEmpty ? all : all.filter { tile in regions.contains { $0.overlap(tile) > 0 } }
    }

    /// Evenly spread starts covering `length` with tiles of `tile` sharing at least `overlap`.
    static func starts(length: Int, tile: Int, overlap: Int) -> [Int] {
        guard length > tile, tile > overlap else { return [0] }
        let count = Int((Double(length - overlap) / Double(tile - overlap)).rounded(.up))
        return (0..<count).map { i in
            i == count - 1 ? (length - tile) & ~1 : (Int((Double(i * (length - tile)) / Double(count - 1)).rounded()) & ~1)
        }
    }

    /// What a run's summary says of this tiling for `width`×`height` frames.
    public func summary(width: Int, height: Int) -> String {
        let count = tiles(width: width, height: height).count
        let tile = "\(min(tileWidth, width))x\(min(tileHeight, height))"
        let notes = ["overlap \(overlap)"] + (regions.isEmpty ? [] : ["\(regions.count) region(s)"])
            + (motionGated ? ["motion-gated"] : [])
        return "\(count) tile\(count == 1 ? "" : "s") of \(tile) (" + notes.joined(separator: ", ") + ")"
    }

    /// Whether a detection centred at `box` is inside the regions of interest.
    func keeps(_ box: Box) -> Bool {
        guard !regions.isEmpty else { return true }
        let cx = box.x + box.width / 2, cy = box.y + box.height / 2
        return regions.contains { cx >= $0.x && cx < $0.x + $0.width && cy >= $0.y && cy < $0.y + $0.height }
    }
}
