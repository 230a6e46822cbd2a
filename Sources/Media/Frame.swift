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

    init(referencing source: UnsafePointer<AVFrame>, time: Double, index: Int) throws {
        guard let clone = av_frame_clone(source) else { throw MediaError(.decode, "out of memory holding a frame") }
        pointer = clone
        self.time = time
        self.index = index
        isKeyframe = source.pointee.key_frame != 0
    }

    deinit {
        var frame: UnsafeMutablePointer<AVFrame>? = pointer
        av_frame_free(&frame)
    }

    public var width: Int { Int(pointer.pointee.width) }
    public var height: Int { Int(pointer.pointee.height) }
}
