import CFFmpeg

/// Encodes snapshots and crops as JPEG with libavcodec's MJPEG encoder (no other image library).
public final class JPEGEncoder {
    private let quality: Int32
    private var scaler: OpaquePointer?

    /// - Parameter quality: MJPEG quantiser scale, 2 (best) to 31; 3 keeps faces and plate characters crisp.
    public init(quality: Int = 3) {
        self.quality = Int32(min(31, max(2, quality)))
    }

    deinit { sws_freeContext(scaler) }

    /// JPEG bytes of `frame`, or of `crop` within it (clipped to the frame), at most `maxWidth` wide.
    public func encode(_ frame: Frame, crop: Box? = nil, maxWidth: Int? = nil) throws -> [UInt8] {
        let region = try cropped(frame, to: crop)
        defer { var pointer: UnsafeMutablePointer<AVFrame>? = region; av_frame_free(&pointer) }
        let width = Int(region.pointee.width), height = Int(region.pointee.height)
        let scale = maxWidth.map { min(1, Double($0) / Double(width)) } ?? 1
        let outWidth = max(2, Int(Double(width) * scale) & ~1), outHeight = max(2, Int(Double(height) * scale) & ~1)
        let picture = try convert(region, width: outWidth, height: outHeight)
        defer { var pointer: UnsafeMutablePointer<AVFrame>? = picture; av_frame_free(&pointer) }
        return try compress(picture)
    }

    private func cropped(_ frame: Frame, to crop: Box?) throws -> UnsafeMutablePointer<AVFrame> {
        guard let region = av_frame_clone(frame.pointer) else { throw MediaError(.encode, "out of memory for a snapshot") }
        if let crop {
            let box = crop.expanded(by: 0, within: frame.width, frame.height)
            guard box.width >= 2, box.height >= 2 else {
                var pointer: UnsafeMutablePointer<AVFrame>? = region
                av_frame_free(&pointer)
                throw MediaError(.encode, "crop \(crop) lies outside the \(frame.width)x\(frame.height) frame")
            }
            region.pointee.crop_left = numericCast(box.x)
            region.pointee.crop_top = numericCast(box.y)
            region.pointee.crop_right = numericCast(frame.width - box.x - box.width)
            region.pointee.crop_bottom = numericCast(frame.height - box.y - box.height)
            _ = av_frame_apply_cropping(region, Int32(AV_FRAME_CROP_UNALIGNED))
        }
        return region
    }

    private func convert(_ region: UnsafeMutablePointer<AVFrame>, width: Int, height: Int) throws -> UnsafeMutablePointer<AVFrame> {
        guard let picture = av_frame_alloc() else { throw MediaError(.encode, "out of memory for a snapshot") }
        picture.pointee.format = AV_PIX_FMT_YUVJ420P.rawValue
        picture.pointee.width = Int32(width)
        picture.pointee.height = Int32(height)
        do {
            try av_frame_get_buffer(picture, 0).check(.encode, "allocating a snapshot")
            scaler = sws_getCachedContext(scaler, region.pointee.width, region.pointee.height,
                                          AVPixelFormat(region.pointee.format), Int32(width), Int32(height),
                                          AV_PIX_FMT_YUVJ420P, SWS_BICUBIC, nil, nil, nil)
            guard let scaler else { throw MediaError(.encode, "swscale cannot convert this frame for JPEG") }
            _ = CFFmpeg_scale_frame(scaler, region, picture)
            return picture
        } catch {
            var pointer: UnsafeMutablePointer<AVFrame>? = picture
            av_frame_free(&pointer)
            throw error
        }
    }

    private func compress(_ picture: UnsafeMutablePointer<AVFrame>) throws -> [UInt8] {
        guard let codec = avcodec_find_encoder(AV_CODEC_ID_MJPEG), let context = avcodec_alloc_context3(codec) else {
            throw MediaError(.encode, "this FFmpeg build has no MJPEG encoder")
        }
        defer { var pointer: UnsafeMutablePointer<AVCodecContext>? = context; avcodec_free_context(&pointer) }
        context.pointee.width = picture.pointee.width
        context.pointee.height = picture.pointee.height
        context.pointee.pix_fmt = AV_PIX_FMT_YUVJ420P
        context.pointee.time_base = AVRational(num: 1, den: 25)
        context.pointee.flags |= AV_CODEC_FLAG_QSCALE
        context.pointee.global_quality = FF_QP2LAMBDA * quality
        picture.pointee.quality = context.pointee.global_quality
        try avcodec_open2(context, codec, nil).check(.encode, "opening the MJPEG encoder")
        try avcodec_send_frame(context, picture).check(.encode, "encoding a snapshot")
        _ = avcodec_send_frame(context, nil)
        guard let packet = av_packet_alloc() else { throw MediaError(.encode, "out of memory for a snapshot") }
        defer { var pointer: UnsafeMutablePointer<AVPacket>? = packet; av_packet_free(&pointer) }
        try avcodec_receive_packet(context, packet).check(.encode, "receiving the JPEG")
        return Array(UnsafeBufferPointer(start: packet.pointee.data, count: Int(packet.pointee.size)))
    }
}
