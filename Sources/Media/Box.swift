/// An axis-aligned rectangle in pixels of the full-resolution frame.
public struct Box: Codable, Hashable, Sendable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    public var area: Int { width * height }

    /// The smallest box holding both.
    public func union(_ other: Box) -> Box {
        let left = min(x, other.x), top = min(y, other.y)
        let right = max(x + width, other.x + other.width), bottom = max(y + height, other.y + other.height)
        return Box(x: left, y: top, width: right - left, height: bottom - top)
    }

    /// Intersection over union, 0 when apart.
    public func overlap(_ other: Box) -> Double {
        let left = max(x, other.x), top = max(y, other.y)
        let right = min(x + width, other.x + other.width), bottom = min(y + height, other.y + other.height)
        guard right > left, bottom > top else { return 0 }
        let shared = Double((right - left) * (bottom - top))
        return shared / (Double(area + other.area) - shared)
    }

    /// Whether the centre of `other` lies inside this box.
    public func contains(centreOf other: Box) -> Bool {
        let cx = other.x + other.width / 2, cy = other.y + other.height / 2
        return cx >= x && cx < x + width && cy >= y && cy < y + height
    }

    /// This box grown by `fraction` of its size on every side and clipped to `width`×`height`.
    public func expanded(by fraction: Double, within width: Int, _ height: Int) -> Box {
        let dx = Int(Double(self.width) * fraction), dy = Int(Double(self.height) * fraction)
        let left = max(0, x - dx), top = max(0, y - dy)
        let right = min(width, x + self.width + dx), bottom = min(height, y + self.height + dy)
        return Box(x: left, y: top, width: max(0, right - left), height: max(0, bottom - top))
    }

    /// This box scaled by `factor` (from analysis to full-resolution coordinates).
    public func scaled(by factor: Double) -> Box {
        Box(x: Int((Double(x) * factor).rounded()), y: Int((Double(y) * factor).rounded()),
            width: Int((Double(width) * factor).rounded()), height: Int((Double(height) * factor).rounded()))
    }
}
