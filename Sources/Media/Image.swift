/// Pixels at analysis size, owned by value: rows of `width * format.channels` bytes, `rowBytes` apart.
public struct Image: Sendable {
    public enum Format: Sendable {
        case rgb24, gray8

        public var channels: Int { self == .rgb24 ? 3 : 1 }
    }

    public let width: Int
    public let height: Int
    public let format: Format
    /// Distance between rows, at least `width * format.channels`.
    public let rowBytes: Int
    public var pixels: [UInt8]

    /// - Parameter rowBytes: the row stride; packed rows when nil.
    public init(width: Int, height: Int, format: Format, pixels: [UInt8], rowBytes: Int? = nil) {
        let stride = rowBytes ?? width * format.channels
        precondition(stride >= width * format.channels, "rows overlap")
        precondition(pixels.count >= stride * (height - 1) + width * format.channels, "too few pixels for the size")
        self.width = width
        self.height = height
        self.format = format
        self.rowBytes = stride
        self.pixels = pixels
    }

    /// The byte offset of pixel (x, y)'s first channel.
    @inline(__always)
    public func offset(x: Int, y: Int) -> Int { y * rowBytes + x * format.channels }
}
