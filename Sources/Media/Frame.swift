import CFFmpeg

/// A decoded picture at full resolution, kept by reference (`av_frame_ref`): cheap to hold while
/// later stages crop faces and plates from the original pixels.
public final class Frame: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<AVFrame>
    /// Seconds since the start of the media (stream pts), or since the start of reading for live sources.
    public let time: Double
    /// Position among all decoded frames of the source, from 0.
    public let index: Int
    public let isKeyframe: Bool
    /// The drone telemetry (MISB ST 0601) of this frame's time, when the source carries it.
    public let telemetry: Telemetry?

    init(referencing source: UnsafePointer<AVFrame>, time: Double, index: Int, telemetry: Telemetry? = nil) throws {
        guard let clone = av_frame_clone(source) else { throw MediaError(.decode, "out of memory holding a frame") }
        pointer = clone
        self.time = time
        self.index = index
        self.telemetry = telemetry
        isKeyframe = source.pointee.key_frame != 0
    }

    deinit {
        var frame: UnsafeMutablePointer<AVFrame>? = pointer
        av_frame_free(&frame)
    }

    public var width: Int { Int(pointer.pointee.width) }
    public var height: Int { Int(pointer.pointee.height) }

    /// The part of this frame inside `box` (clipped to the frame), sharing its pixels: FFmpeg's cropping moves the
    /// plane pointers of a new reference, nothing is copied. Chroma planes of subsampled formats start at the even
    /// pixel at or before the box, so the crop may begin a pixel early. Tiles of an eagle-eye frame and enlarged
    /// regions for small faces are analysed this way at full resolution.
    public func cropped(to box: Box) throws -> Frame {
        let left = max(0, box.x), top = max(0, box.y)
        let right = min(width, box.x + box.width), bottom = min(height, box.y + box.height)
        guard right > left, bottom > top else { throw MediaError(.decode, "crop \(box) is outside the \(width)x\(height) frame") }
        let crop = try Frame(referencing: UnsafePointer(pointer), time: time, index: index, telemetry: telemetry)
        crop.pointer.pointee.crop_left = Int(left)
        crop.pointer.pointee.crop_top = Int(top)
        crop.pointer.pointee.crop_right = Int(width - right)
        crop.pointer.pointee.crop_bottom = Int(height - bottom)
        let status = av_frame_apply_cropping(crop.pointer, Int32(AV_FRAME_CROP_UNALIGNED))
        guard status >= 0 else { throw MediaError(.decode, "cannot crop a frame: \(AVErrorCode(rawValue: status))") }
        return crop
    }
}
