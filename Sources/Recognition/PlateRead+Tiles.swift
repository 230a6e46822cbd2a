import Media
public import AnalysisKit

/// A plate read carries its box: a tiled stage moves it with the detection to frame coordinates.
extension PlateRead: TileRelocatable {
    public func moved(byX dx: Int, y dy: Int) -> PlateRead {
        var read = self
        read.box = box.moved(byX: dx, y: dy)
        return read
    }
}
