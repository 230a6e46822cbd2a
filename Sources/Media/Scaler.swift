import CFFmpeg

/// Converts frames to packed pixels at the analysis size with swscale, reusing its context and buffer.
///
/// Only frames some stage will look at are converted. Rows are padded to 64 bytes (see `Image.rowBytes`).
/// The returned image shares the scaler's buffer
/// until the caller keeps it past the next conversion (copy-on-write then gives each its own).
public final class Scaler {
    public let format: Image.Format
    private let maxWidth: Int
    private let flags: Int32
    private var context: OpaquePointer?
    private var buffer: [UInt8] = []

    /// - Parameters:
    ///   - maxWidth: frames wider than this are scaled down, keeping their aspect ratio; narrower ones keep their size.
    ///   - smooth: area averaging (for thumbnails) instead of bilinear.
    public init(format: Image.Format, maxWidth: Int, smooth: Bool = false) {
        self.format = format
        self.maxWidth = maxWidth
        flags = smooth ? SWS_AREA : SWS_BILINEAR
    }

    deinit { sws_freeContext(context) }

    /// The size a `width`×`height` frame is scaled to (even, at most `maxWidth` wide).
    public func outputSize(width: Int, height: Int) -> (width: Int, height: Int) {
        guard width > maxWidth else { return (width, height) }
        let scaledHeight = max(2, Int((Double(height) * Double(maxWidth) / Double(width)).rounded()) & ~1)
        return (maxWidth, scaledHeight)
    }

    public func convert(_ frame: Frame) throws -> Image {
        let (width, height) = outputSize(width: frame.width, height: frame.height)
        return try convert(frame, width: width, height: height)
    }

    /// The frame at exactly `width`×`height` (larger than the frame enlarges it: a region searched for small faces).
    public func convert(_ frame: Frame, width: Int, height: Int) throws -> Image {
        let source = frame.pointer
        guard width > 0, height > 0, width <= 8192, height <= 8192 else {
            throw MediaError(.decode, "cannot scale to \(width)x\(height)")
        }
        let pixelFormat = format == .rgb24 ? AV_PIX_FMT_RGB24 : AV_PIX_FMT_GRAY8
        context = sws_getCachedContext(context, Int32(frame.width), Int32(frame.height),
                                       AVPixelFormat(source.pointee.format), Int32(width), Int32(height),
                                       pixelFormat, flags, nil, nil, nil)
        guard let context else {
            throw MediaError(.decode, "swscale cannot convert \(frame.width)x\(frame.height) pixel format \(source.pointee.format)")
        }
        // swscale's SIMD writers store whole vectors: rows start 64-byte aligned and the buffer has slack at the end.
        let rowBytes = (width * format.channels + 63) & ~63
        let size = rowBytes * height + 64
        if buffer.count != size { buffer = [UInt8](repeating: 0, count: size) }
        let rows = buffer.withUnsafeMutableBufferPointer {
            CFFmpeg_scale_packed(context, source, $0.baseAddress, Int32(rowBytes))
        }
        guard rows == Int32(height) else { throw MediaError(.decode, "swscale produced \(rows) of \(height) rows") }
        return Image(width: width, height: height, format: format, pixels: buffer, rowBytes: rowBytes)
    }
}
