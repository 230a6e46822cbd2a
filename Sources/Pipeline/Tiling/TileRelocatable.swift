public import Media

/// A detection payload that holds its own box (a plate read does): a tiled stage moves it from tile to frame
/// coordinates with the detection, so trackers never see tile coordinates.
public protocol TileRelocatable: Sendable {
    func moved(byX dx: Int, y dy: Int) -> Self
}

extension Box {
    /// This box moved by (`dx`, `dy`).
    public func moved(byX dx: Int, y dy: Int) -> Box { Box(x: x + dx, y: y + dy, width: width, height: height) }

    /// Shared area over the smaller box's area: 1 when one box lies inside the other (a plate cut by a tile edge
    /// inside the whole plate seen by the neighbouring tile).
    func containment(_ other: Box) -> Double {
        let left = max(x, other.x), top = max(y, other.y)
        let right = min(x + width, other.x + other.width), bottom = min(y + height, other.y + other.height)
        guard right > left, bottom > top, area > 0, other.area > 0 else { return 0 }
        return Double((right - left) * (bottom - top)) / Double(min(area, other.area))
    }
}
