/// Packed pixels at analysis size, owned by value.
public struct Image: Sendable {
    public enum Format: Sendable {
        case rgb24, gray8

        public var channels: Int { self == .rgb24 ? 3 : 1 }
    }

    public let width: Int
    public let height: Int
    public let format: Format
    /// Rows of `width * format.channels` bytes, no padding.
    public var pixels: [UInt8]

    public init(width: Int, height: Int, format: Format, pixels: [UInt8]) {
        precondition(pixels.count == width * height * format.channels, "pixel count does not match the size")
        self.width = width
        self.height = height
        self.format = format
        self.pixels = pixels
    }

    public var rowBytes: Int { width * format.channels }
}
