import CFFmpeg

/// libavcodec decoder for one stream.
final class Decoder {
    private let context: UnsafeMutablePointer<AVCodecContext>

    /// - Parameters:
    ///   - threads: decoder threads, 0 for one per core; at most `ReaderOptions.maxThreads` (each holds frames).
    ///   - keyframesOnly: decode intra frames only; frame threading only adds latency there, so it uses one thread.
    convenience init(stream: UnsafeMutablePointer<AVStream>, threads: Int, keyframesOnly: Bool) throws {
        try self.init(parameters: stream.pointee.codecpar!, timeBase: stream.pointee.time_base, threads: threads,
                      keyframesOnly: keyframesOnly)
    }

    /// A decoder for packets of a stream that is gone (a packet ring's): its copied parameters and time base.
    init(parameters: UnsafeMutablePointer<AVCodecParameters>, timeBase: AVRational, threads: Int, keyframesOnly: Bool) throws {
        let name = String(cString: avcodec_get_name(parameters.pointee.codec_id))
        guard let codec = avcodec_find_decoder(parameters.pointee.codec_id) else {
            throw MediaError(.unsupportedCodec, "no decoder for codec '\(name)' in this FFmpeg build")
        }
        guard let context = avcodec_alloc_context3(codec) else { throw MediaError(.decode, "out of memory opening decoder") }
        self.context = context
        try avcodec_parameters_to_context(context, parameters).check(.unsupportedCodec, "codec '\(name)' parameters")
        context.pointee.pkt_timebase = timeBase
        context.pointee.thread_count = Int32(min(max(0, threads), ReaderOptions.maxThreads))
        context.pointee.max_pixels = Int64(FrameLimit.maxPixels)
        context.pointee.thread_type = FF_THREAD_FRAME | FF_THREAD_SLICE
        if keyframesOnly { context.pointee.skip_frame = AVDISCARD_NONKEY }
        try avcodec_open2(context, codec, nil).check(.unsupportedCodec, "cannot open decoder for '\(name)'")
    }

    /// Decode the next packets without the in-loop deblocking filter (H.264, HEVC): a quarter less work for a frame
    /// no one looks at, at the price of a small drift in the frames predicted from it until the next keyframe.
    var skipsLoopFilter = false {
        didSet { context.pointee.skip_loop_filter = skipsLoopFilter ? AVDISCARD_ALL : AVDISCARD_DEFAULT }
    }

    deinit {
        var pointer: UnsafeMutablePointer<AVCodecContext>? = context
        avcodec_free_context(&pointer)
    }

    /// Sends a packet, or `nil` to flush at the end. Returns the FFmpeg status (EAGAIN means: receive first).
    func send(_ packet: UnsafePointer<AVPacket>?) -> AVErrorCode? {
        let status = avcodec_send_packet(context, packet)
        return status < 0 ? AVErrorCode(rawValue: status) : nil
    }

    /// Receives the next frame into `frame`; the status is `nil` when a frame came out.
    func receive(into frame: UnsafeMutablePointer<AVFrame>) -> AVErrorCode? {
        let status = avcodec_receive_frame(context, frame)
        return status < 0 ? AVErrorCode(rawValue: status) : nil
    }
}
