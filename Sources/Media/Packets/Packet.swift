import CFFmpeg

/// One compressed packet of a camera's video stream, held by reference: `av_packet_ref` shares the demuxer's
/// buffer (reference-counted), so keeping a packet costs its bytes once, not a copy per holder.
public final class Packet: @unchecked Sendable {
    // Never modified after `init`: readers make their own reference before handing it to a muxer.
    let packet: UnsafeMutablePointer<AVPacket>
    /// When the packet was read, on the analysis time line (the times frames and passes carry).
    public let time: Double
    public let isKeyframe: Bool
    /// The parameters of the stream it came from.
    public let format: StreamFormat

    init(referencing source: UnsafePointer<AVPacket>, time: Double, format: StreamFormat) throws {
        guard let packet = av_packet_alloc() else { throw MediaError(.decode, "out of memory keeping a packet") }
        self.packet = packet
        self.time = time
        self.format = format
        isKeyframe = source.pointee.flags & AV_PKT_FLAG_KEY != 0
        try av_packet_ref(packet, source).check(.decode, "keeping a packet")
    }

    deinit {
        var pointer: UnsafeMutablePointer<AVPacket>? = packet
        av_packet_free(&pointer)
    }

    /// The packet's payload size in bytes.
    public var bytes: Int { Int(packet.pointee.size) }
}
