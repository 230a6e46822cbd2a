import CFFmpeg

/// Writes compressed packets into an MP4 file by stream copy: no decoding, no encoding. Time stamps are rebased so
/// the file starts at 0; packets of a later connection with the same parameters (a looped recording reopened)
/// continue the time line one frame after the last. Written to a file (`init(path:format:)`), or fragmented for live
/// view (`init(fragmentsTo:format:)`): an init segment, then one moof/mdat fragment per packet.
final class MP4Writer {
    private let context: UnsafeMutablePointer<AVFormatContext>
    private let stream: UnsafeMutablePointer<AVStream>
    private let format: StreamFormat
    private let scratch: UnsafeMutablePointer<AVPacket>
    let path: String
    /// Where a fragmented MP4 goes; nil for a file.
    private let fragments: FragmentOutput?
    /// The format of the packets written last, and what is subtracted from their time stamps (in `format`'s base).
    private var segment: (format: StreamFormat, offset: Int64)?
    private var lastDTS: Int64?
    private var finished = false
    /// Packets written, and packets left out because their decoding time went backwards.
    private(set) var written = 0
    private(set) var skipped = 0

    static let hvc1 = UInt32(UInt8(ascii: "h")) | UInt32(UInt8(ascii: "v")) << 8 | UInt32(UInt8(ascii: "c")) << 16
        | UInt32(UInt8(ascii: "1")) << 24

    convenience init(path: String, format: StreamFormat) throws {
        try self.init(path: path, format: format, fragments: nil)
    }

    /// A fragmented MP4 whose bytes `output` gathers: the header (ftyp and an empty moov) is there once this returns.
    convenience init(fragmentsTo output: FragmentOutput, format: StreamFormat) throws {
        try self.init(path: "the live view", format: format, fragments: output)
    }

    private init(path: String, format: StreamFormat, fragments: FragmentOutput?) throws {
        self.path = path
        self.format = format
        self.fragments = fragments
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
        // The source container's tag may mean nothing in MP4. H.265 as `hvc1` (its setup in the sample entry), the
        // tag browsers and Apple's players ask for; the muxer's default, `hev1`, is refused by most of them.
        stream.pointee.codecpar.pointee.codec_tag = format.parameters.pointee.codec_id == AV_CODEC_ID_HEVC ? Self.hvc1 : 0
        stream.pointee.time_base = format.timeBase
        var options: OpaquePointer?
        defer { av_dict_free(&options) }
        if let fragments {
            context.pointee.pb = fragments.context
            context.pointee.flags |= AVFMT_FLAG_CUSTOM_IO
            // Media Source Extensions want an init segment alone, then fragments each with its own base time.
            av_dict_set(&options, "movflags", "frag_keyframe+empty_moov+default_base_moof", 0)
        } else {
            try avio_open(&context.pointee.pb, path, AVIO_FLAG_WRITE).check(.encode, "cannot create \(path)")
            // The index first, so a browser can play and seek the file before it has all of it (one rewrite at the end).
            av_dict_set(&options, "movflags", "+faststart", 0)
        }
        try avformat_write_header(context, &options).check(.encode, "writing the MP4 header of \(path)")
    }

    private func release() {
        if fragments == nil, context.pointee.pb != nil { avio_closep(&context.pointee.pb) }
        avformat_free_context(context)
        var pointer: UnsafeMutablePointer<AVPacket>? = scratch
        av_packet_free(&pointer)
    }

    /// Whether packets of `other` can follow in this file.
    func canContinue(_ other: StreamFormat) -> Bool { other.canContinue(format) }

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
        // A fragment's last sample takes its length from the packet: without one it would last 0 s.
        if scratch.pointee.duration <= 0 { scratch.pointee.duration = frameTicks }
        av_packet_rescale_ts(scratch, format.timeBase, stream.pointee.time_base)
        try av_interleaved_write_frame(context, scratch).check(.encode, "writing a packet to \(path)")
        // Live: each packet leaves at once as a fragment of its own, not a GOP later.
        if fragments != nil { try av_write_frame(context, nil).check(.encode, "flushing a fragment of \(path)") }
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
