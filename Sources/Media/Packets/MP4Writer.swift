import CFFmpeg

/// Writes compressed packets into an MP4 file by stream copy: no decoding, no encoding. Time stamps are rebased so
/// the file starts at 0; packets of a later connection with the same parameters (a looped recording reopened)
/// continue the time line one frame after the last.
final class MP4Writer {
    private let context: UnsafeMutablePointer<AVFormatContext>
    private let stream: UnsafeMutablePointer<AVStream>
    private let format: StreamFormat
    private let scratch: UnsafeMutablePointer<AVPacket>
    let path: String
    /// The format of the packets written last, and what is subtracted from their time stamps (in `format`'s base).
    private var segment: (format: StreamFormat, offset: Int64)?
    private var lastDTS: Int64?
    private var finished = false
    /// Packets written, and packets left out because their decoding time went backwards.
    private(set) var written = 0
    private(set) var skipped = 0

    init(path: String, format: StreamFormat) throws {
        self.path = path
        self.format = format
        var allocated: UnsafeMutablePointer<AVFormatContext>?
        try avformat_alloc_output_context2(&allocated, nil, "mp4", path).check(.encode, "creating the MP4 muxer for \(path)")
        guard let context = allocated, let stream = avformat_new_stream(context, nil), let scratch = av_packet_alloc() else {
            avformat_free_context(allocated)
            throw MediaError(.encode, "out of memory creating \(path)")
        }
        (self.context, self.stream, self.scratch) = (context, stream, scratch)
        do {
            try open()
        } catch {
            release()
            throw error
        }
    }

    deinit {
        if !finished { release() }
    }

    private func open() throws {
        try avcodec_parameters_copy(stream.pointee.codecpar, format.parameters).check(.encode, "copying codec parameters to \(path)")
        stream.pointee.codecpar.pointee.codec_tag = 0  // the source container's tag may mean nothing in MP4
        stream.pointee.time_base = format.timeBase
        try avio_open(&context.pointee.pb, path, AVIO_FLAG_WRITE).check(.encode, "cannot create \(path)")
        var options: OpaquePointer?
        defer { av_dict_free(&options) }
        // The index first, so a browser can play and seek the file before it has all of it (one rewrite at the end).
        av_dict_set(&options, "movflags", "+faststart", 0)
        try avformat_write_header(context, &options).check(.encode, "writing the MP4 header of \(path)")
    }

    private func release() {
        if context.pointee.pb != nil { avio_closep(&context.pointee.pb) }
        avformat_free_context(context)
        var pointer: UnsafeMutablePointer<AVPacket>? = scratch
        av_packet_free(&pointer)
    }

    /// Writes one packet; throws when its stream's parameters cannot follow the file's (`canContinue`).
    func write(_ packet: Packet) throws {
        guard packet.format.canContinue(format) else {
            throw MediaError(.encode, "\(path): the camera's stream changed (\(packet.format.codecName)); the clip ends here")
        }
        try av_packet_ref(scratch, packet.packet).check(.encode, "referencing a packet for \(path)")
        defer { av_packet_unref(scratch) }
        av_packet_rescale_ts(scratch, packet.format.timeBase, format.timeBase)
        let none = CFFmpeg_AV_NOPTS_VALUE()
        let (pts, dts) = (scratch.pointee.pts, scratch.pointee.dts)
        guard pts != none || dts != none else { skipped += 1; return }
        let offset = offset(for: packet.format, pts: pts == none ? dts : pts, dts: dts == none ? pts : dts)
        // A demuxer may leave the decoding time of the first packets unset (Matroska with B-frames): just after the
        // last one, or two frames before the first picture.
        let rebased = (pts: pts == none ? dts - offset : pts - offset, dts: dts == none ? nil : dts - offset)
        let decoding = rebased.dts ?? lastDTS.map { $0 + 1 } ?? rebased.pts - 2 * frameTicks
        if let lastDTS, decoding <= lastDTS { skipped += 1; return }
        guard rebased.pts >= decoding else { skipped += 1; return }
        (scratch.pointee.pts, scratch.pointee.dts) = (rebased.pts, decoding)
        lastDTS = decoding
        scratch.pointee.stream_index = stream.pointee.index
        scratch.pointee.pos = -1
        av_packet_rescale_ts(scratch, format.timeBase, stream.pointee.time_base)
        try av_interleaved_write_frame(context, scratch).check(.encode, "writing a packet to \(path)")
        written += 1
    }

    /// One frame in the file's time base.
    private var frameTicks: Int64 { max(1, Int64(format.frameDuration / av_q2d(format.timeBase))) }

    /// The file's first picture is at 0; a later segment's first packet is decoded one frame after the last packet.
    private func offset(for packetFormat: StreamFormat, pts: Int64, dts: Int64) -> Int64 {
        if let segment, segment.format === packetFormat { return segment.offset }
        let offset = lastDTS.map { dts - ($0 + frameTicks) } ?? pts
        segment = (packetFormat, offset)
        return offset
    }

    /// Writes the index and closes the file.
    func finish() throws {
        guard !finished else { return }
        finished = true
        defer { release() }
        try av_write_trailer(context).check(.encode, "finishing \(path)")
    }
}
