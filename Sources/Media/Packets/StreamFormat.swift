import CFFmpeg

/// A video stream's codec parameters and time base, copied from its source so they outlive it: a clip written after
/// the camera reconnected still needs the parameters of the packets it holds.
public final class StreamFormat: @unchecked Sendable {
    // Written once here, then only read (by muxers copying them): safe to share between threads.
    let parameters: UnsafeMutablePointer<AVCodecParameters>
    let timeBase: AVRational
    /// Nominal seconds per frame, for packets that carry no duration.
    let frameDuration: Double

    init(stream: UnsafeMutablePointer<AVStream>) throws {
        guard let parameters = avcodec_parameters_alloc() else {
            throw MediaError(.decode, "out of memory copying codec parameters")
        }
        self.parameters = parameters
        timeBase = stream.pointee.time_base
        let rate = stream.pointee.avg_frame_rate.num > 0 ? stream.pointee.avg_frame_rate : stream.pointee.r_frame_rate
        frameDuration = rate.num > 0 && rate.den > 0 ? 1 / av_q2d(rate) : 1.0 / 25
        try avcodec_parameters_copy(parameters, stream.pointee.codecpar).check(.decode, "copying codec parameters")
    }

    deinit {
        var pointer: UnsafeMutablePointer<AVCodecParameters>? = parameters
        avcodec_parameters_free(&pointer)
    }

    /// The codec's name, as messages show it.
    public var codecName: String { String(cString: avcodec_get_name(parameters.pointee.codec_id)) }

    /// Packets of both formats can follow each other in one file: same codec, picture size and decoder setup
    /// (a looped recording reopened, a camera reconnected without changing its encoder).
    func canContinue(_ other: StreamFormat) -> Bool {
        if other === self { return true }
        let a = parameters.pointee, b = other.parameters.pointee
        guard a.codec_id == b.codec_id, a.width == b.width, a.height == b.height,
              a.extradata_size == b.extradata_size else { return false }
        guard a.extradata_size > 0, let left = a.extradata, let right = b.extradata else { return true }
        return memcmp(left, right, Int(a.extradata_size)) == 0
    }
}
