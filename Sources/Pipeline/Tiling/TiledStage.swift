public import AnalysisKit
import Media

/// Runs a stage on overlapping full-resolution tiles of each frame instead of on the scaled-down frame, then maps
/// what it found back to frame coordinates and merges duplicates across tile borders, before any tracker sees it.
///
/// ```swift
/// let stage = TiledStage(FaceStage(engine: engine, watchlists: lists, settings: .init()), settings: TilingSettings())
/// ```
/// The wrapped stage is unchanged: it sees each tile as a frame of its own (a crop that shares the decoded pixels),
/// converted at the tile's own size. With `motionGated`, after the first sampled frame (no previous thumbnail: every
/// tile runs) only what moved is analysed: the changed parts of the motion thumbnail are grouped, each group grown by
/// the tile overlap (more than the largest face or plate, so what moved lies whole inside it) and analysed as one
/// full-resolution crop, once, however many tiles it lies in; of a group larger than a tile, its part in each tile.
public struct TiledStage: Stage {
    public private(set) var inner: any Stage
    public let settings: TilingSettings
    private let scaler: Scaler
    private let merge = TileMerge()
    /// Tiles analysed and tiles skipped for want of motion, over this instance's life (for benchmarks and logs).
    public private(set) var tilesRun = 0
    public private(set) var tilesSkipped = 0
    /// Crops analysed where the frame moved (`motionGated`, after the first frame), and their pixels; `tilesRun` counts
    /// the tiles a group larger than a tile was cut into.
    public private(set) var partsRun = 0
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
        let whole = Box(x: 0, y: 0, width: frame.width, height: frame.height)
        let tiles = settings.tiles(width: frame.width, height: frame.height)
        guard settings.motionGated, let moving = TileMotion(input, threshold: settings.motionThreshold) else {
            tilesRun += tiles.count
            return merge.merge(try analyze(tiles.map { ($0, $0) }, in: input))
        }
        // A group that fits in a tile is analysed as it is; of a larger one, its part in each tile it touches.
        var crops: [(box: Box, within: Box)] = [], touched = Set<Int>()
        for group in moving.changedGroups(frameWidth: frame.width, frameHeight: frame.height, margin: settings.overlap)
        where settings.regions.isEmpty || settings.regions.contains(where: { $0.overlap(group) > 0 }) {
            if group.width <= settings.tileWidth && group.height <= settings.tileHeight {
                crops.append((group, whole))
                continue
            }
            for (index, tile) in tiles.enumerated() {
                let x = max(tile.x, group.x), y = max(tile.y, group.y)
                let width = (min(tile.x + tile.width, group.x + group.width) - x) & ~1
                let height = (min(tile.y + tile.height, group.y + group.height) - y) & ~1
                guard width > 0 && height > 0 else { continue }
                crops.append((Box(x: x, y: y, width: width, height: height), tile))
                touched.insert(index)
            }
        }
        tilesRun += touched.count
        tilesSkipped += tiles.count - touched.count
        partsRun += crops.count
        partPixels += crops.reduce(0) { $0 + $1.box.area }
        return merge.merge(try analyze(crops, in: input))
    }

    /// What the wrapped stage finds in these crops of the frame, in frame coordinates: tiles, or parts that moved,
    /// each `within` its tile or the frame. A detection cut by a part's edge inside that is dropped: beyond the edge
    /// nothing moved, so it was seen whole when it did.
    private mutating func analyze(_ crops: [(box: Box, within: Box)], in input: StageInput) throws -> [TileMerge.Found] {
        var found: [TileMerge.Found] = []
        for (box, within) in crops {
            let crop = try input.frame.cropped(to: box)
            let cropInput = StageInput(frame: crop, thumbnail: input.thumbnail, previousThumbnail: input.previousThumbnail,
                                       scaler: scaler)
            for detection in try inner.analyze(cropInput) {
                if TileMotion.touchesInnerEdge(detection.box, of: box, in: within) { continue }
                let cut = TileMerge.isCut(detection.box, tile: box, width: input.frame.width, height: input.frame.height)
                let placed = Self.place(detection, at: box)
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

    /// The parts of the frame that changed: the thumbnail pixels that changed by more than the threshold, in groups
    /// (cells of `cell` pixels, grown by `margin` full-resolution pixels on each side, so changes closer than that are
    /// one group), as full-resolution boxes inside the frame, even-aligned as crops of 4:2:0 frames are.
    func changedGroups(frameWidth: Int, frameHeight: Int, margin: Int) -> [Box] {
        let sx = Double(pair.width) / Double(frameWidth), sy = Double(pair.height) / Double(frameHeight)
        // Cells of the thumbnail that changed, then grown by the margin (in cells), then grouped.
        let cell = Self.cell, columns = (pair.width + cell - 1) / cell, rows = (pair.height + cell - 1) / cell
        var changed = [Bool](repeating: false, count: columns * rows)
        for y in 0..<pair.height {
            for x in 0..<pair.width where pair.changed(x: x, y: y, threshold: threshold) {
                changed[y / cell * columns + x / cell] = true
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
            let x0 = Int(Double(bounds.left * cell) / sx) & ~1, y0 = Int(Double(bounds.top * cell) / sy) & ~1
            let x1 = min(frameWidth, Int((Double((bounds.right + 1) * cell) / sx).rounded(.up)))
            let y1 = min(frameHeight, Int((Double((bounds.bottom + 1) * cell) / sy).rounded(.up)))
            let part = Box(x: x0, y: y0, width: (x1 - x0) & ~1, height: (y1 - y0) & ~1)
            if part.width > 0 && part.height > 0 { parts.append(part) }
        }
        return parts
    }

    /// Thumbnail pixels per side of the cells changes are grouped in (40 full-resolution pixels of a 4K frame).
    static let cell = 4

    /// Whether `box` (in `part`'s coordinates) touches an edge of `part` that lies inside `tile` (its tile, or the frame).
    static func touchesInnerEdge(_ box: Box, of part: Box, in tile: Box, margin: Int = 2) -> Bool {
        (part.x > tile.x && box.x <= margin)
            || (part.y > tile.y && box.y <= margin)
            || (part.x + part.width < tile.x + tile.width && box.x + box.width >= part.width - margin)
            || (part.y + part.height < tile.y + tile.height && box.y + box.height >= part.height - margin)
    }
}
