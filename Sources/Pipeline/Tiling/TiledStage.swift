public import AnalysisKit
import Media

/// Runs a stage on overlapping full-resolution tiles of each frame instead of on the scaled-down frame, then maps
/// what it found back to frame coordinates and merges duplicates across tile borders, before any tracker sees it.
///
/// ```swift
/// let stage = TiledStage(FaceStage(engine: engine, watchlists: lists, settings: .init()), settings: TilingSettings())
/// ```
/// The wrapped stage is unchanged: it sees each tile as a frame of its own (a crop that shares the decoded pixels),
/// converted at the tile's own size. With `motionGated`, tiles whose part of the motion thumbnail did not change
/// are skipped, and of a tile that changed only the part that changed is analysed, grown by the overlap (more than
/// the largest face or plate, so what moved lies whole inside it) — the whole tile when that part is most of it; the
/// first sampled frame (no previous thumbnail) runs every tile whole.
public struct TiledStage: Stage {
    public private(set) var inner: any Stage
    public let settings: TilingSettings
    private let scaler: Scaler
    private let merge = TileMerge()
    /// Tiles analysed and tiles skipped for want of motion, over this instance's life (for benchmarks and logs).
    public private(set) var tilesRun = 0
    public private(set) var tilesSkipped = 0
    /// Of the tiles run, those where only the parts that moved were analysed, and the pixels of those parts.
    public private(set) var tilesInParts = 0
    public private(set) var partPixels = 0

    public init(_ inner: any Stage, settings: TilingSettings) {
        self.inner = inner
        self.settings = settings
        scaler = Scaler(format: .rgb24, maxWidth: settings.tileWidth)
    }

    public var name: String { inner.name }
    /// With per-tile motion gating, the frame-wide gate is not applied on top: a face moving in a 4K view changes too
    /// small a share of the thumbnail for the whole-frame motion stage, but enough of its own tile.
    public var isGatedByMotion: Bool { settings.motionGated ? false : inner.isGatedByMotion }

    public mutating func analyze(_ input: StageInput) throws -> [Detection] {
        let frame = input.frame
        let tiles = settings.tiles(width: frame.width, height: frame.height)
        let moving = TileMotion(input, threshold: settings.motionThreshold)
        var found: [TileMerge.Found] = []
        for tile in tiles {
            var parts = [tile]
            if settings.motionGated, let moving {
                parts = moving.changedParts(of: tile, frameWidth: frame.width, frameHeight: frame.height, margin: settings.overlap)
                if parts.isEmpty {
                    tilesSkipped += 1
                    continue
                }
            }
            tilesRun += 1
            if parts != [tile] { tilesInParts += 1; partPixels += parts.reduce(0) { $0 + $1.area } }
            found += try analyze(parts, of: tile, in: input)
        }
        return merge.merge(found)
    }

    /// What the wrapped stage finds in these parts of a tile, in frame coordinates.
    private mutating func analyze(_ parts: [Box], of tile: Box, in input: StageInput) throws -> [TileMerge.Found] {
        let frame = input.frame
        var found: [TileMerge.Found] = []
        for part in parts {
            let crop = try frame.cropped(to: part)
            let tileInput = StageInput(frame: crop, thumbnail: input.thumbnail, previousThumbnail: input.previousThumbnail,
                                       scaler: scaler)
            for detection in try inner.analyze(tileInput) {
                // Cut by the edge of a part inside its tile: something that did not move, seen whole when it did.
                if TileMotion.touchesInnerEdge(detection.box, of: part, in: tile) { continue }
                let cut = TileMerge.isCut(detection.box, tile: part, width: frame.width, height: frame.height)
                let placed = Self.place(detection, at: part)
                if settings.keeps(placed.box) { found.append(.init(detection: placed, isCut: cut)) }
            }
        }
        return found
    }

    /// The detection in frame coordinates: its box, and its payload's box when the payload has one.
    static func place(_ detection: Detection, at tile: Box) -> Detection {
        var placed = detection
        placed.box = detection.box.moved(byX: tile.x, y: tile.y)
        if let payload = detection.payload as? any TileRelocatable { placed.payload = payload.moved(byX: tile.x, y: tile.y) }
        return placed
    }
}

/// Which parts of the frame changed since the previous sampled frame, on the small grey motion thumbnails.
struct TileMotion {
    private let pair: ThumbnailPair
    private let threshold: Int

    /// Nil when there is nothing to compare (the first frame, or a size change): then every tile runs.
    init?(_ input: StageInput, threshold: Int) {
        guard let pair = ThumbnailPair(input.thumbnail, input.previousThumbnail) else { return nil }
        self.pair = pair
        self.threshold = threshold
    }

    /// The parts of `tile` worth analysing: around the thumbnail pixels under it that changed by more than the
    /// threshold, each group grown by `margin` full-resolution pixels on each side (groups closer than that are one
    /// part) and kept inside the tile, even-aligned as crops of 4:2:0 frames are; the whole tile when the parts
    /// cover most of it; none when nothing under it changed.
    func changedParts(of tile: Box, frameWidth: Int, frameHeight: Int, margin: Int) -> [Box] {
        let sx = Double(pair.width) / Double(frameWidth), sy = Double(pair.height) / Double(frameHeight)
        let left = max(0, Int(Double(tile.x) * sx)), top = max(0, Int(Double(tile.y) * sy))
        let right = min(pair.width, Int((Double(tile.x + tile.width) * sx).rounded(.up)))
        let bottom = min(pair.height, Int((Double(tile.y + tile.height) * sy).rounded(.up)))
        guard right > left, bottom > top else { return [] }
        // Cells of the thumbnail under the tile that changed, then grown by the margin (in cells), then grouped.
        let cell = Self.cell, columns = (right - left + cell - 1) / cell, rows = (bottom - top + cell - 1) / cell
        var changed = [Bool](repeating: false, count: columns * rows)
        for y in top..<bottom {
            for x in left..<right where pair.changed(x: x, y: y, threshold: threshold) {
                changed[(y - top) / cell * columns + (x - left) / cell] = true
            }
        }
        guard changed.contains(true) else { return [] }
        let reach = (x: Int((Double(margin) * sx / Double(cell)).rounded(.up)), y: Int((Double(margin) * sy / Double(cell)).rounded(.up)))
        var grown = [Bool](repeating: false, count: changed.count)
        for row in 0..<rows {
            for column in 0..<columns where changed[row * columns + column] {
                for r in max(0, row - reach.y)...min(rows - 1, row + reach.y) {
                    for c in max(0, column - reach.x)...min(columns - 1, column + reach.x) { grown[r * columns + c] = true }
                }
            }
        }
        var parts: [Box] = [], seen = [Bool](repeating: false, count: grown.count)
        for start in grown.indices where grown[start] && !seen[start] {
            var stack = [start], bounds = (left: columns, top: rows, right: 0, bottom: 0)
            seen[start] = true
            while let index = stack.popLast() {
                let row = index / columns, column = index % columns
                bounds = (min(bounds.left, column), min(bounds.top, row), max(bounds.right, column), max(bounds.bottom, row))
                for (r, c) in [(row - 1, column), (row + 1, column), (row, column - 1), (row, column + 1)]
                where r >= 0 && r < rows && c >= 0 && c < columns && grown[r * columns + c] && !seen[r * columns + c] {
                    seen[r * columns + c] = true
                    stack.append(r * columns + c)
                }
            }
            let x0 = max(tile.x, Int(Double(left + bounds.left * cell) / sx) & ~1)
            let y0 = max(tile.y, Int(Double(top + bounds.top * cell) / sy) & ~1)
            let x1 = min(tile.x + tile.width, Int((Double(left + (bounds.right + 1) * cell) / sx).rounded(.up)))
            let y1 = min(tile.y + tile.height, Int((Double(top + (bounds.bottom + 1) * cell) / sy).rounded(.up)))
            let part = Box(x: x0, y: y0, width: (x1 - x0) & ~1, height: (y1 - y0) & ~1)
            if part.width > 0 && part.height > 0 { parts.append(part) }
        }
        let covered = parts.reduce(0) { $0 + $1.area }
        return Double(covered) > Self.wholeTileShare * Double(tile.area) ? [tile] : parts
    }

    /// Thumbnail pixels per side of the cells changes are grouped in (40 full-resolution pixels of a 4K frame).
    static let cell = 4

    /// A changed part larger than this share of its tile is analysed as the whole tile (the saving would be small).
    static let wholeTileShare = 0.6

    /// Whether `box` (in `part`'s coordinates) touches an edge of `part` that lies inside its `tile`.
    static func touchesInnerEdge(_ box: Box, of part: Box, in tile: Box, margin: Int = 2) -> Bool {
        (part.x > tile.x && box.x <= margin)
            || (part.y > tile.y && box.y <= margin)
            || (part.x + part.width < tile.x + tile.width && box.x + box.width >= part.width - margin)
            || (part.y + part.height < tile.y + tile.height && box.y + box.height >= part.height - margin)
    }
}
