import CFFmpeg
import Foundation

/// How a reader decodes.
public struct ReaderOptions: Sendable {
    /// Decoder threads; 0 means one per core. More than `maxThreads` are cut to it.
    public var threads = 0
    /// Every decoder thread holds frames of its own: thousands of them would take gigabytes for nothing.
    public static let maxThreads = 64
    /// Decode keyframes only from the start (sampling by keyframes, or an interval longer than the GOP).
    public var keyframesOnly = false
    public var source = SourceOptions()
    /// For live sources: frame times count from here, so they run on across reconnections.
    public var liveOrigin: ContinuousClock.Instant?
    /// For recordings: added to every frame time (a looped file's later rounds continue the time line).
    public var timeOffset = 0.0
    /// Where every packet of the video stream goes, by reference, as it is read (keyframe-only decoding too): the
    /// camera's recent video for clips. Nil keeps none.
    public var packets: PacketRing?

    public init(threads: Int = 0, keyframesOnly: Bool = false) {
        self.threads = threads
        self.keyframesOnly = keyframesOnly
    }
}

/// Demuxes and decodes one source frame by frame.
///
/// ```swift
/// let reader = try MediaReader(url: "clip.mp4")
/// while let info = try reader.decodeNext() {
///     if info.index % 10 == 0 { keep(try reader.retainCurrent()) }
/// }
/// ```
/// Corrupt packets are counted in `decodeErrors` and skipped; the rest of the input is still decoded.
public final class MediaReader {
    public let source: Source
    private var decoder: Decoder
    private let packet: UnsafeMutablePointer<AVPacket>
    private let frame: UnsafeMutablePointer<AVFrame>
    private let options: ReaderOptions
    public private(set) var keyframesOnly: Bool
    public private(set) var framesDecoded = 0
    public private(set) var decodeErrors = 0
    private var flushed = false
    private var firstTimestamp: Int64?
    private var lastTime = 0.0
    private let liveStart: ContinuousClock.Instant
    private var keyframePacketTimes: [Double] = []
    private var keyframeGapLimit: Double?
    private var lastKeyframeTime: Double?
    /// Keyframes came further apart than the keyframe-only mode allowed: decoding went back to every frame.
    public private(set) var irregularGOP = false
    private var telemetry = TelemetryTrack()
    private var currentTelemetry: Telemetry?
    private var lastPacketTime = 0.0
    /// The stream's parameters as kept packets carry them; nil without a packet ring.
    private let packetFormat: StreamFormat?
    private var firstPacketStamp: Int64?
    private var lastPacketLineTime: Double?
    /// Packets whose time (on the frames' time line) is before this are decoded without the loop filter, keyframes
    /// excepted: a reader of a sampled stream may set it to a little before the next frame it will sample, so frames
    /// only decoded as references for later ones skip the deblocking (about a quarter of H.264's decoding work) and
    /// the frames analysed keep theirs. The drift this leaves in an analysed frame is small on average (720p at
    /// 2 Mbit/s, every unsampled frame undeblocked: 41.7 dB PSNR against the exact decode) but can hide a borderline
    /// face on a low-bitrate stream (`AnalysisOptions.skipsUnsampledDeblocking`). Nil deblocks every frame.
    public var undeblockedBefore: Double?

    public init(url: String, options: ReaderOptions = .init(), interrupter: Interrupter = .init()) throws {
        source = try Source(url: url, options: options.source, interrupter: interrupter)
        self.options = options
        keyframesOnly = options.keyframesOnly
        liveStart = options.liveOrigin ?? .now
        decoder = try Decoder(stream: source.stream, threads: options.threads, keyframesOnly: options.keyframesOnly)
        packetFormat = options.packets == nil ? nil : try StreamFormat(stream: source.stream)
        guard let packet = av_packet_alloc(), let frame = av_frame_alloc() else {
            throw MediaError(.decode, "out of memory allocating packet and frame")
        }
        self.packet = packet
        self.frame = frame
        if let stream = source.telemetryStream { listen(to: stream) }
    }

    /// Pairs frames with the KLV telemetry of their time. Packets without a time stamp (asynchronous KLV) take the
    /// time of the video packet read before them.
    private func listen(to stream: UnsafeMutablePointer<AVStream>) {
        let timeBase = av_q2d(stream.pointee.time_base)
        source.onTelemetryPacket = { [unowned self] packet in
            let pts = packet.pointee.pts
            let time = pts == CFFmpeg_AV_NOPTS_VALUE() ? lastPacketTime : Double(pts) * timeBase
            let bytes = packet.pointee.data.map { Array(UnsafeBufferPointer(start: $0, count: Int(packet.pointee.size))) } ?? []
            telemetry.add(bytes, time: time)
        }
    }

    /// KLV packets read from the telemetry stream, and how many of them were refused (bad checksum, truncated).
    public var telemetryPackets: Int { telemetry.packets }
    public var telemetryErrors: Int { telemetry.errors }
    /// Why the last refused telemetry packet was refused.
    public var lastTelemetryError: KLVError? { telemetry.lastError }

    deinit {
        var packet: UnsafeMutablePointer<AVPacket>? = packet
        av_packet_free(&packet)
        var frame: UnsafeMutablePointer<AVFrame>? = frame
        av_frame_free(&frame)
    }

    /// What is known of the frame `decodeNext` just produced.
    public struct FrameInfo: Sendable {
        public let index: Int
        public let time: Double
        public let isKeyframe: Bool
    }

    /// Decodes the next frame, which stays current until the next call; `nil` at the end of the input.
    /// Throws `MediaError` with kind `.streamLost` when a live source stops delivering.
    public func decodeNext() throws -> FrameInfo? {
        av_frame_unref(frame)
        while true {
            switch decoder.receive(into: frame) {
            case nil:
                return produced()
            case .tryAgain?:
                if flushed { return nil }
                try feed()
            case .eof?:
                return nil
            case let code?:
                decodeErrors += 1
                if flushed && code != .invalidData { return nil }
            }
        }
    }

    /// A reference to the current frame that outlives the next `decodeNext` call.
    public func retainCurrent() throws -> Frame {
        try Frame(referencing: frame, time: time, index: framesDecoded - 1, telemetry: currentTelemetry)
    }

    /// Switches to decoding keyframes only from the next keyframe on, with a fresh single-threaded decoder.
    /// With `maximumGap`, a later keyframe gap longer than that switches back to full decoding for good: an encoder's
    /// scene-cut keyframes can make the GOP look short for a while, and the sampling must not starve after it.
    public func switchToKeyframesOnly(maximumGap: Double? = nil) throws {
        guard !keyframesOnly else { return }
        decoder = try Decoder(stream: source.stream, threads: 1, keyframesOnly: true)
        keyframesOnly = true
        keyframeGapLimit = maximumGap
    }

    /// Back to every frame, from the keyframe in `packet` on; the GOP is irregular, so no more thinning.
    private func switchBackToFullDecoding() throws {
        decoder = try Decoder(stream: source.stream, threads: options.threads, keyframesOnly: false)
        keyframesOnly = false
        keyframeGapLimit = nil
        irregularGOP = true
    }

    /// In keyframe-only mode: the gap since the previous keyframe exceeds the limit.
    private func keyframeGapTooLong(_ pts: Int64) -> Bool {
        guard let limit = keyframeGapLimit, pts != CFFmpeg_AV_NOPTS_VALUE() else { return false }
        let time = Double(pts) * av_q2d(source.timeBase)
        defer { lastKeyframeTime = time }
        guard let last = lastKeyframeTime else { return false }
        return time - last > limit + 0.001
    }

    /// The current frame's time on the analysis time line.
    private var time: Double { source.isLive ? lastTime : lastTime + options.timeOffset }

    /// The longest keyframe interval seen so far, in seconds, once two sensible intervals have been seen.
    /// Sources without usable timestamps (every pts equal) never report one, so they are never thinned.
    public var observedGOP: Double? {
        guard !irregularGOP else { return nil }
        let intervals = zip(keyframePacketTimes.dropFirst(), keyframePacketTimes).map { $0 - $1 }.filter { $0 > 0.001 }
        guard intervals.count >= 2 else { return nil }
        return intervals.max()
    }

    private func produced() -> FrameInfo {
        framesDecoded += 1
        if CFFmpeg_frame_is_corrupt(frame) != 0 { decodeErrors += 1 }
        lastTime = source.isLive ? (ContinuousClock.now - liveStart).seconds : mediaTime(of: frame.pointee.best_effort_timestamp)
        if source.telemetryStream != nil {
            let stamp = frame.pointee.best_effort_timestamp
            currentTelemetry = stamp == CFFmpeg_AV_NOPTS_VALUE() ? nil : telemetry.telemetry(at: Double(stamp) * av_q2d(source.timeBase))
        }
        return FrameInfo(index: framesDecoded - 1, time: time, isKeyframe: frame.pointee.key_frame != 0)
    }

    private func mediaTime(of timestamp: Int64) -> Double {
        let first = firstTimestamp ?? timestamp
        guard timestamp != CFFmpeg_AV_NOPTS_VALUE(),
              let time = Self.seconds(from: first, to: timestamp, timeBase: av_q2d(source.timeBase)) else {
            // No usable timestamp: step by the nominal frame duration.
            return min(lastTime + 1 / (source.frameRate ?? 25), Self.longestMediaTime)
        }
        firstTimestamp = first
        return time
    }

    /// Media times beyond this (about 31 years) come from damaged or hostile timestamps, not from footage.
    static let longestMediaTime = 1e9

    /// Seconds from `first` to `timestamp`, or nil when that is no sensible media time: the `Int64` difference of
    /// adversarial timestamps overflows (so it is taken in floating point), and NaN, infinite or absurd results
    /// would trap later conversions.
    static func seconds(from first: Int64, to timestamp: Int64, timeBase: Double) -> Double? {
        let time = (Double(timestamp) - Double(first)) * timeBase
        return time.isFinite && abs(time) <= longestMediaTime ? time : nil
    }

    /// Sends packets until the decoder accepts one, or flushes it at the end of the input.
    private func feed() throws {
        while true {
            let more: Bool
            do {
                more = try source.read(into: packet)
            } catch let error as MediaError where error.kind == .decode {
                // A file whose container is damaged: count it and read on.
                decodeErrors += 1
                if decodeErrors > 1000 { more = false } else { continue }
            }
            guard more else {
                _ = decoder.send(nil)
                flushed = true
                return
            }
            defer { av_packet_unref(packet) }
            if packet.pointee.pts != CFFmpeg_AV_NOPTS_VALUE() { lastPacketTime = Double(packet.pointee.pts) * av_q2d(source.timeBase) }
            let time = packetTime(packet)
            keep(packet, time: time)
            let isKey = packet.pointee.flags & AV_PKT_FLAG_KEY != 0
            if isKey { noteKeyframe(packet.pointee.pts) }
            if keyframesOnly && !isKey { continue }
            if isKey && keyframesOnly && keyframeGapTooLong(packet.pointee.pts) { try switchBackToFullDecoding() }
            decoder.skipsLoopFilter = !isKey && time < (undeblockedBefore ?? -.infinity)
            switch decoder.send(packet) {
            case nil: return
            case .tryAgain?: return  // unreachable with receive-first, kept for safety
            case .some: decodeErrors += 1
            }
        }
    }

    private func noteKeyframe(_ pts: Int64) {
        guard pts != CFFmpeg_AV_NOPTS_VALUE(), keyframePacketTimes.count < 8 else { return }
        keyframePacketTimes.append(Double(pts) * av_q2d(source.timeBase))
    }

    /// Hands the packet, by reference, to the packet ring. A packet that cannot be kept (out of memory) is left out
    /// of the ring, not out of the analysis.
    private func keep(_ packet: UnsafeMutablePointer<AVPacket>, time: Double) {
        guard let ring = options.packets, let format = packetFormat,
              let kept = try? Packet(referencing: packet, time: time, format: format) else { return }
        ring.append(kept)
    }

    /// A packet's time on the frames' time line: the wall clock for live sources, else its time stamp from the first
    /// packet's, plus the time offset (a looped file's later rounds).
    private func packetTime(_ packet: UnsafeMutablePointer<AVPacket>) -> Double {
        if source.isLive { return (ContinuousClock.now - liveStart).seconds }
        let stamp = packet.pointee.pts != CFFmpeg_AV_NOPTS_VALUE() ? packet.pointee.pts : packet.pointee.dts
        let first = firstPacketStamp ?? stamp
        guard stamp != CFFmpeg_AV_NOPTS_VALUE(),
              let time = Self.seconds(from: first, to: stamp, timeBase: av_q2d(source.timeBase)) else {
            let time = (lastPacketLineTime ?? options.timeOffset) + (packetFormat?.frameDuration ?? 0.04)
            lastPacketLineTime = time
            return time
        }
        firstPacketStamp = first
        lastPacketLineTime = time + options.timeOffset
        return time + options.timeOffset
    }
}
