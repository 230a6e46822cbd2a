/// The largest picture this program decodes: 8K (8192x4320, 35.4 Mpx), beyond any camera it serves.
///
/// A stream is judged by the size its header declares: an 18.8 KB H.264 file whose SPS claims 16000x16000 would
/// otherwise take gigabytes and half a minute to "decode". Decoders are opened with this limit too
/// (`max_pixels`), so a size change in mid-stream is refused frame by frame (counted as decode errors).
public enum FrameLimit {
    public static let maxPixels = 8192 * 4320

    /// Throws `.tooLarge`, naming both sizes, when `width`×`height` exceeds the limit.
    static func check(width: Int, height: Int, url: String) throws {
        guard width * height > maxPixels else { return }
        let megapixels = (width * height + 500_000) / 1_000_000
        throw MediaError(.tooLarge, "\(url) declares \(width)x\(height) frames (\(megapixels) Mpx); "
            + "at most \(maxPixels / 1_000_000) Mpx (8192x4320) are decoded")
    }
}
