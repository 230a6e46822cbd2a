import CFFmpeg
public import Foundation

/// Network and timing settings for opening a source.
public struct SourceOptions: Sendable {
    /// How long one attempt to open a source may take, connecting and probing together: one deadline covers both,
    /// so a server that accepts and never answers costs this long, not twice as long.
    public var openTimeout: Duration = .seconds(10)
    /// How long one read may wait for data on a live source before the stream counts as lost.
    public var readTimeout: Duration = .seconds(5)
    /// RTSP over TCP survives lossy links and NAT; "udp" is the alternative.
    public var rtspTransport = "tcp"
    /// How messages name the source: the URL without its password (the opened URL may carry credentials).
    public var displayName: String?
    /// Demuxers (FFmpeg's `format_whitelist`) and protocols (`protocol_whitelist`) allowed, comma-separated. Nil
    /// allows every demuxer and the protocols of `Source.cameraProtocols`. Untrusted bytes (an uploaded photo) must
    /// not be read as a playlist that opens other files or URLs.
    public var allowedFormats: String?
    public var allowedProtocols: String?
    /// Where the bytes come from when libavformat cannot open the URL itself (a GB/T 28181 channel); the URL then
    /// only names the source.
    public var byteStream: (any ByteStreamOpener)?

    public init() {}
}

/// A demuxed input (file or network URL) and its best video stream.
///
/// ```swift
/// let source = try Source(url: "rtsp://camera/stream")
/// print(source.codecName, source.width, source.height)
/// ```
public final class Source {
    let context: UnsafeMutablePointer<AVFormatContext>
    let stream: UnsafeMutablePointer<AVStream>
    public let url: String
    /// Network sources without a known length are live: they have no end, are read in wall-clock time and
    /// reconnect when lost. A finite network source (an HLS playlist with an end, a file over HTTP) ends at EOF.
    public let isLive: Bool
    let interrupter: Interrupter
    private let options: SourceOptions
    /// The KLV data stream (SMPTE ST 336, drone telemetry) of an MPEG-TS source, when it has one.
    let telemetryStream: UnsafeMutablePointer<AVStream>?
    /// Called with each packet of the telemetry stream as `read` passes it.
    var onTelemetryPacket: ((UnsafeMutablePointer<AVPacket>) -> Void)?
    /// The custom I/O context of a byte-stream source; released after the format context that reads it.
    private let input: CustomInput?

    public init(url: String, options: SourceOptions = .init(), interrupter: Interrupter = .init()) throws {
        self.url = url
        self.options = options
        self.interrupter = interrupter
        let network = Self.isNetwork(url) || options.byteStream != nil
        if options.byteStream == nil {
            try Self.checkLocation(url, allowed: options.allowedProtocols ?? Self.cameraProtocols, name: options.displayName ?? url)
        }
        input = try options.byteStream.map { opener in
            interrupter.arm(options.openTimeout)
            return try CustomInput(stream: opener.open(timeout: options.openTimeout, isStopped: { interrupter.isStopped }), interrupter: interrupter)
        }
        context = try Self.open(url, isLive: network, options: options, interrupter: interrupter, input: input)
        do {
            stream = try Self.bestVideoStream(of: context, url: options.displayName ?? url, interrupter: interrupter,
                                              options: options)
        } catch {
            var pointer: UnsafeMutablePointer<AVFormatContext>? = context
            avformat_close_input(&pointer)
            throw error
        }
        telemetryStream = Self.klvStream(of: context)
        let length = context.pointee.duration
        isLive = network && (length <= 0 || length == CFFmpeg_AV_NOPTS_VALUE())
    }

    deinit {
        var pointer: UnsafeMutablePointer<AVFormatContext>? = context
        avformat_close_input(&pointer)
    }

    /// The source as messages name it.
    var name: String { options.displayName ?? url }

    static func isNetwork(_ url: String) -> Bool {
        guard let scheme = url.split(separator: ":", maxSplits: 1).first, url.contains("://") else { return false }
        return scheme.lowercased() != "file"
    }

    public var streamIndex: Int32 { stream.pointee.index }
    public var codecName: String { String(cString: avcodec_get_name(stream.pointee.codecpar.pointee.codec_id)) }
    public var containerName: String { String(cString: context.pointee.iformat.pointee.name) }
    public var width: Int { Int(stream.pointee.codecpar.pointee.width) }
    public var height: Int { Int(stream.pointee.codecpar.pointee.height) }
    var timeBase: AVRational { stream.pointee.time_base }

    /// Frames per second as the container states it, if it does.
    public var frameRate: Double? {
        let rate = stream.pointee.avg_frame_rate.num != 0 ? stream.pointee.avg_frame_rate : stream.pointee.r_frame_rate
        return rate.num > 0 && rate.den > 0 ? av_q2d(rate) : nil
    }

    /// Length of a file in seconds, if known (nil for live streams).
    public var duration: Double? {
        guard !isLive else { return nil }
        if stream.pointee.duration > 0 { return Double(stream.pointee.duration) * av_q2d(timeBase) }
        let total = context.pointee.duration
        return total > 0 && total != CFFmpeg_AV_NOPTS_VALUE() ? Double(total) / Double(AV_TIME_BASE) : nil
    }

    /// When a recording was made, from the container's `creation_time` tag, if it has one.
    public var creationTime: Date? {
        guard let entry = av_dict_get(context.pointee.metadata, "creation_time", nil, 0),
              let value = entry.pointee.value else { return nil }
        let text = String(cString: value)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }

    /// Reads the next packet of the video stream; `false` at the end of the input.
    func read(into packet: UnsafeMutablePointer<AVPacket>) throws -> Bool {
        while true {
            interrupter.arm(isLive ? options.readTimeout : nil)
            let status = av_read_frame(context, packet)
            if status == CFFmpeg_AVERROR_EOF() { return false }
            if status < 0 {
                let code = AVErrorCode(rawValue: status)
                if interrupter.isStopped { return false }
                throw MediaError(isLive ? .streamLost : .decode, "reading \(name): \(describeRead(code))", code: code)
            }
            if packet.pointee.stream_index == streamIndex { return true }
            if let telemetryStream, packet.pointee.stream_index == telemetryStream.pointee.index {
                onTelemetryPacket?(packet)
            }
            av_packet_unref(packet)
        }
    }

    private func describeRead(_ code: AVErrorCode) -> String {
        code == .exit ? "no data for \(options.readTimeout) (timed out)" : code.description
    }

    private static func open(_ url: String, isLive: Bool, options: SourceOptions, interrupter: Interrupter,
                             input: CustomInput?) throws -> UnsafeMutablePointer<AVFormatContext> {
        guard var context = avformat_alloc_context() else { throw MediaError(.decode, "out of memory opening \(url)") }
        interrupter.install(on: context)
        var format: UnsafePointer<AVInputFormat>?
        if let input, let opener = options.byteStream {
            context.pointee.pb = input.context
            context.pointee.flags |= AVFMT_FLAG_CUSTOM_IO
            format = av_find_input_format(opener.formatName)
        }
        var dictionary: OpaquePointer? = nil
        defer { av_dict_free(&dictionary) }
        if url.lowercased().hasPrefix("rtsp") { av_dict_set(&dictionary, "rtsp_transport", options.rtspTransport, 0) }
        if url.lowercased().hasPrefix("udp") { av_dict_set(&dictionary, "overrun_nonfatal", "1", 0) }
        if let formats = options.allowedFormats { av_dict_set(&dictionary, "format_whitelist", formats, 0) }
        av_dict_set(&dictionary, "protocol_whitelist", options.allowedProtocols ?? cameraProtocols, 0)
        if input != nil {
            // Probe short: a live PS stream has no header to read, and a long probe only delays the first frame
            // (Benchmarks/gb28181.sh: INVITE to first frame 2.26 s with 2 s of analysis, 0.75 s with 0.5 s).
            av_dict_set(&dictionary, "probesize", "1000000", 0)
            av_dict_set(&dictionary, "analyzeduration", "500000", 0)
        }
        if isLive {
            av_dict_set(&dictionary, "fflags", "+genpts+discardcorrupt", 0)
        } else {
            // A file's header states the frame rate; probing 20 frames for it costs more than a keyframe scan.
            av_dict_set(&dictionary, "fpsprobesize", "0", 0)
            av_dict_set(&dictionary, "analyzeduration", "0", 0)
        }
        // One deadline for the whole attempt: armed here, not re-armed for probing (see `bestVideoStream`).
        interrupter.arm(options.openTimeout)
        var pointer: UnsafeMutablePointer<AVFormatContext>? = context
        let status = avformat_open_input(&pointer, url, format, &dictionary)
        guard status >= 0, let opened = pointer else {
            throw openError(options.displayName ?? url, status, isLive: isLive, timedOut: interrupter.hasExpired,
                            options: options)
        }
        context = opened
        return context
    }

    private static func openError(_ url: String, _ status: Int32, isLive: Bool, timedOut: Bool,
                                  options: SourceOptions) -> MediaError {
        let code = AVErrorCode(rawValue: status)
        if code.isResourceExhaustion {
            // Not the file's fault: the process (or system) is out of descriptors or memory for a while. Readers retry
            // unreachable sources with a backoff, so a looped recording is reopened once descriptors are free again.
            return MediaError(.unreachable, "cannot open \(url) for now: \(code) (retrying)", code: code)
        }
        if isLive {
            let reason = code == .exit || timedOut ? "no answer within \(options.openTimeout)" : code.description
            return MediaError(.unreachable, "cannot reach \(url): \(reason)", code: code)
        }
        switch code {
        case .noSuchFile: return MediaError(.notFound, "cannot open \(url): no such file", code: code)
        case .invalidData: return MediaError(.notVideo, "\(url) is not a video FFmpeg can read (\(code))", code: code)
        default: return MediaError(.notFound, "cannot open \(url): \(code)", code: code)
        }
    }

    private static func bestVideoStream(of context: UnsafeMutablePointer<AVFormatContext>, url: String,
                                        interrupter: Interrupter, options: SourceOptions) throws -> UnsafeMutablePointer<AVStream> {
        let info = CFFmpeg_find_stream_info_limited(context, Int64(FrameLimit.maxPixels))
        if info < 0 {
            let code = AVErrorCode(rawValue: info)
            if code == .exit || interrupter.hasExpired, isNetwork(url), !interrupter.isStopped {
                throw MediaError(.unreachable, "cannot reach \(url): no answer within \(options.openTimeout)", code: code)
            }
            throw MediaError(.notVideo, "\(url) could not be probed: \(code)", code: code)
        }
        let index = av_find_best_stream(context, AVMEDIA_TYPE_VIDEO, -1, -1, nil, 0)
        guard index >= 0, let stream = context.pointee.streams[Int(index)] else {
            throw MediaError(.notVideo, "\(url) has no video stream", code: AVErrorCode(rawValue: index))
        }
        let parameters = stream.pointee.codecpar.pointee
        try FrameLimit.check(width: Int(parameters.width), height: Int(parameters.height), url: url)
        // Only the chosen stream and drone telemetry are demuxed into packets we look at; the rest are discarded early.
        let telemetry = klvStream(of: context)?.pointee.index
        for other in 0..<Int(context.pointee.nb_streams) where other != Int(index) && Int32(other) != telemetry {
            context.pointee.streams[other]?.pointee.discard = AVDISCARD_ALL
        }
        return stream
    }

    /// The first KLV data stream (MPEG-TS marks it with the 'KLVA' registration descriptor).
    private static func klvStream(of context: UnsafeMutablePointer<AVFormatContext>) -> UnsafeMutablePointer<AVStream>? {
        for index in 0..<Int(context.pointee.nb_streams) {
            if let stream = context.pointee.streams[index], stream.pointee.codecpar.pointee.codec_id == AV_CODEC_ID_SMPTE_KLV {
                return stream
            }
        }
        return nil
    }

    /// Whether the source carries a KLV telemetry stream.
    public var hasTelemetry: Bool { telemetryStream != nil }
}
