public import Media

/// A detection payload that holds its own box (a plate read does): a tiled stage moves it from tile to frame
/// coordinates with the detection, so trackers never see tile coordinates.
public protocol TileRelocatable: Sendable {
    func moved(byX dx: Int, y dy: Int) -> Self
}

extension Box {
    /// This box moved by (`dx`, `dy`).
    public func moved(byX dx: Int, y dy: Int) -> Box { Box(x: x + dx, y: y + dy, width: width, height: height) }
}
