package import Media

/// This frame's grey thumbnail and the previous sampled frame's, when they can be compared (same size and layout;
/// not on the first frame or after a size change). Motion, scene cuts and the tile gate all count the pixels that
/// changed between the two.
package struct ThumbnailPair {
    package let current: Image
    package let previous: Image

    package init?(_ current: Image, _ previous: Image?) {
        guard let previous, previous.width == current.width, previous.height == current.height,
              previous.rowBytes == current.rowBytes, current.width > 0, current.height > 0 else { return nil }
        self.current = current
        self.previous = previous
    }

    package var width: Int { current.width }
    package var height: Int { current.height }

    /// Whether the grey level at (x, y) changed by more than `threshold` (0–255).
    package func changed(x: Int, y: Int, threshold: Int) -> Bool {
        let i = current.offset(x: x, y: y)
        return abs(Int(current.pixels[i]) - Int(previous.pixels[i])) > threshold
    }

    /// `changed` for every pixel, row by row.
    package func changes(threshold: Int) -> [Bool] {
        var mask = [Bool](repeating: false, count: width * height)
        for y in 0..<height {
            for x in 0..<width where changed(x: x, y: y, threshold: threshold) { mask[y * width + x] = true }
        }
        return mask
    }
}
