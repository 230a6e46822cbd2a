import AnalysisKit
import Media

/// Merges what the tiles of one frame found: one detection per object, however many tiles saw it.
///
/// Neighbouring tiles overlap, so an object near a border is found twice, once whole and perhaps once cut by a tile
/// edge. Detections of one kind whose boxes mostly coincide (shared area over the smaller box at least
/// `minimumContainment`) are one object; the one kept is whole (away from any tile edge inside the frame) if one is,
/// then the most confident.
struct TileMerge {
    var minimumContainment = 0.5

    struct Found {
        let detection: Detection
        /// The detection touches an edge of its tile that is not an edge of the frame.
        let isCut: Bool
    }

    func merge(_ found: [Found]) -> [Detection] {
        let ranked = found.sorted { a, b in
            a.isCut != b.isCut ? !a.isCut : a.detection.confidence > b.detection.confidence
        }
        var kept: [Detection] = []
        for candidate in ranked {
            let duplicate = kept.contains {
                $0.kind == candidate.detection.kind && $0.box.containment(candidate.detection.box) >= minimumContainment
            }
            if !duplicate { kept.append(candidate.detection) }
        }
        return kept
    }

    /// Whether `box` (tile coordinates) touches an edge of `tile` that lies inside the `width`×`height` frame.
    static func isCut(_ box: Box, tile: Box, width: Int, height: Int, margin: Int = 2) -> Bool {
        (tile.x > 0 && box.x <= margin)
            || (tile.y > 0 && box.y <= margin)
            || (tile.x + tile.width < width && box.x + box.width >= tile.width - margin)
            || (tile.y + tile.height < height && box.y + box.height >= tile.height - margin)
    }
}

extension Box {
    /// Shared area over the smaller box's area: 1 when one box lies inside the other (a plate cut by a tile edge
    /// inside the whole plate seen by the neighbouring tile).
    func containment(_ other: Box) -> Double {
        let left = max(x, other.x), top = max(y, other.y)
        let right = min(x + width, other.x + other.width), bottom = min(y + height, other.y + other.height)
        guard right > left, bottom > top, area > 0, other.area > 0 else { return 0 }
        return Double((right - left) * (bottom - top)) / Double(min(area, other.area))
    }
}
