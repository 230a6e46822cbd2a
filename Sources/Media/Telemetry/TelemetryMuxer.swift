import CFFmpeg

/// Writes an MPEG-TS file whose video is copied from another file and whose KLV data stream carries one
/// UAS Datalink packet per video frame, stamped with that frame's time: the project's own drone footage writer
/// (test fixtures, and re-muxing a recording with telemetry logged beside it).
///
/// ```swift
/// try TelemetryMuxer.write(video: "flight.mp4", to: "drone.ts") { time in flightPath.telemetry(at: time) }
/// ```
public enum TelemetryMuxer {
    /// - Parameter telemetry: the telemetry at a frame's time in seconds from the first frame; nil writes no packet.
    public static func write(video input: String, to output: String, telemetry: (Double) -> Telemetry?) throws {
        var inputContext: UnsafeMutablePointer<AVFormatContext>?
        guard avformat_open_input(&inputContext, input, nil, nil) >= 0, let source = inputContext else {
            throw MediaError(.notFound, "cannot open \(input)")
        }
        defer { avformat_close_input(&inputContext) }
        guard avformat_find_stream_info(source, nil) >= 0 else { throw MediaError(.notVideo, "cannot probe \(input)") }
        let videoIndex = av_find_best_stream(source, AVMEDIA_TYPE_VIDEO, -1, -1, nil, 0)
        guard videoIndex >= 0, let videoIn = source.pointee.streams[Int(videoIndex)] else {
            throw MediaError(.notVideo, "\(input) has no video stream")
        }
        let sink = try Sink(path: output, video: videoIn)
        try sink.copy(from: source, videoIndex: videoIndex, timeBase: videoIn.pointee.time_base, telemetry: telemetry)
    }
}

/// The output file: its context, a copied video stream and a KLV stream.
private final class Sink {
    let context: UnsafeMutablePointer<AVFormatContext>
    let video: UnsafeMutablePointer<AVStream>
    let klv: UnsafeMutablePointer<AVStream>
    let path: String

    init(path: String, video source: UnsafeMutablePointer<AVStream>) throws {
        self.path = path
        var pointer: UnsafeMutablePointer<AVFormatContext>?
        guard avformat_alloc_output_context2(&pointer, nil, "mpegts", path) >= 0, let context = pointer else {
            throw MediaError(.decode, "cannot create an MPEG-TS muxer for \(path)")
        }
        self.context = context
        guard let video = avformat_new_stream(context, nil), let klv = avformat_new_stream(context, nil) else {
            avformat_free_context(context)
            throw MediaError(.decode, "out of memory adding streams to \(path)")
        }
        guard avcodec_parameters_copy(video.pointee.codecpar, source.pointee.codecpar) >= 0 else {
            avformat_free_context(context)
            throw MediaError(.decode, "cannot copy the video stream's parameters to \(path)")
        }
        video.pointee.codecpar.pointee.codec_tag = 0
        video.pointee.time_base = source.pointee.time_base
        klv.pointee.codecpar.pointee.codec_type = AVMEDIA_TYPE_DATA
        klv.pointee.codecpar.pointee.codec_id = AV_CODEC_ID_SMPTE_KLV
        klv.pointee.time_base = AVRational(num: 1, den: 90_000)
        self.video = video
        self.klv = klv
        // Every property is set: from here a throw runs `deinit`, which frees the context.
        guard avio_open(&context.pointee.pb, path, AVIO_FLAG_WRITE) >= 0 else {
            throw MediaError(.notFound, "cannot write \(path)")
        }
    }

    deinit {
        avio_closep(&context.pointee.pb)
        avformat_free_context(context)
    }

    func copy(from source: UnsafeMutablePointer<AVFormatContext>, videoIndex: Int32, timeBase: AVRational,
              telemetry: (Double) -> Telemetry?) throws {
        guard avformat_write_header(context, nil) >= 0 else { throw MediaError(.decode, "cannot start \(path)") }
        var packet = av_packet_alloc()
        defer { av_packet_free(&packet) }
        guard let packet else { throw MediaError(.decode, "out of memory") }
        var first: Int64?, lastKLV = Int64.min
        while av_read_frame(source, packet) >= 0 {
            defer { av_packet_unref(packet) }
            guard packet.pointee.stream_index == videoIndex else { continue }
            let pts = packet.pointee.pts
            if pts != CFFmpeg_AV_NOPTS_VALUE() {
                let start = first ?? pts
                first = start
                let stamp = av_rescale_q(pts, timeBase, klv.pointee.time_base)
                if stamp > lastKLV, let value = telemetry(Double(pts - start) * av_q2d(timeBase)) {
                    try write(UASDatalink.encode(value), at: stamp)
                    lastKLV = stamp
                }
            }
            av_packet_rescale_ts(packet, timeBase, video.pointee.time_base)
            packet.pointee.stream_index = video.pointee.index
            guard av_interleaved_write_frame(context, packet) >= 0 else { throw MediaError(.decode, "cannot write video to \(path)") }
        }
        guard av_write_trailer(context) >= 0 else { throw MediaError(.decode, "cannot finish \(path)") }
    }

    private func write(_ bytes: [UInt8], at stamp: Int64) throws {
        var packet = av_packet_alloc()
        defer { av_packet_free(&packet) }
        guard let packet, av_new_packet(packet, Int32(bytes.count)) >= 0 else { throw MediaError(.decode, "out of memory") }
        bytes.withUnsafeBufferPointer { packet.pointee.data.update(from: $0.baseAddress!, count: bytes.count) }
        packet.pointee.pts = stamp
        packet.pointee.dts = stamp
        packet.pointee.stream_index = klv.pointee.index
        guard av_interleaved_write_frame(context, packet) >= 0 else { throw MediaError(.decode, "cannot write KLV to \(path)") }
    }
}
