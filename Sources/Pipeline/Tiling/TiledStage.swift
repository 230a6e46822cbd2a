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
/// are skipped; the first sampled frame (no previous thumbnail) runs every tile.
public struct TiledStage: Stage {
    public private(set) var inner: any Stage
    public let settings: TilingSettings
    private let scaler: Scaler
    private let merge = TileMerge()
    /// Tiles analysed and tiles skipped for want of motion, over this instance's life (for benchmarks and logs).
    public private(set) var tilesRun = 0
    public private(set) var tilesSkipped = 0

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
            if settings.motionGated, let moving, !moving.changed(in: tile, frameWidth: frame.width, frameHeight: frame.height) {
                tilesSkipped += 1
                continue
            }
            tilesRun += 1
            let crop = try frame.cropped(to: tile)
            let tileInput = StageInput(frame: crop, thumbnail: input.thumbnail, previousThumbnail: input.previousThumbnail,
                                       scaler: scaler)
            for detection in try inner.analyze(tileInput) {
                let cut = TileMerge.isCut(detection.box, tile: tile, width: frame.width, height: frame.height)
                let placed = Self.place(detection, at: tile)
                if settings.keeps(placed.box) { found.append(.init(detection: placed, isCut: cut)) }
            }
        }
        return merge.merge(found)
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

    /// Whether any thumbnail pixel under `tile` changed by more than the threshold.
    func changed(in tile: Box, frameWidth: Int, frameHeight: Int) -> Bool {
        let sx = Double(pair.width) / Double(frameWidth), sy = Double(pair.height) / Double(frameHeight)
        let left = max(0, Int(Double(tile.x) * sx)), top = max(0, Int(Double(tile.y) * sy))
        let right = min(pair.width, Int((Double(tile.x + tile.width) * sx).rounded(.up)))
        let bottom = min(pair.height, Int((Double(tile.y + tile.height) * sy).rounded(.up)))
        for y in top..<max(top, bottom) {
            for x in left..<max(left, right) where pair.changed(x: x, y: y, threshold: threshold) { return true }
        }
        return false
    }
}
