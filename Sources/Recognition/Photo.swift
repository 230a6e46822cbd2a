public import Media

/// A still photo (JPEG, PNG, …) decoded with FFmpeg, as a full-resolution frame and its RGB pixels.
public struct Photo {
    public let frame: Frame
    public let image: Image

    /// - Parameter maxWidth: larger photos are scaled down to this width (faces stay large enough to find).
    public init(path: String, maxWidth: Int = 2400) throws {
        let reader = try MediaReader(url: path)
        guard try reader.decodeNext() != nil else { throw MediaError(.notVideo, "\(path) holds no picture") }
        frame = try reader.retainCurrent()
        image = try Scaler(format: .rgb24, maxWidth: maxWidth).convert(frame)
    }
}
