import CFFmpeg

extension PacketRing {
    /// The picture of the newest keyframe the ring holds, as JPEG (at most `maxWidth` wide): what the camera sees
    /// now, at most one GOP ago, decoded from the kept packets without touching the camera's own decoder. Nil when
    /// the ring holds no keyframe yet.
    public func keyframeJPEG(maxWidth: Int = 1280) throws -> [UInt8]? {
        guard let newest = newestTime, let key = window(from: newest).packets.first, key.isKeyframe else { return nil }
        let decoder = try Decoder(parameters: key.format.parameters, timeBase: key.format.timeBase, threads: 1, keyframesOnly: true)
        guard let decoded = av_frame_alloc() else { throw MediaError(.decode, "out of memory decoding a keyframe") }
        defer { var pointer: UnsafeMutablePointer<AVFrame>? = decoded; av_frame_free(&pointer) }
        // The keyframe, then the end of the stream: a decoder with frame delay gives its frame up on the flush.
        for packet in [UnsafePointer(key.packet), nil] {
            if let status = decoder.send(packet), status != .tryAgain, status != .eof { throw MediaError(.decode, "decoding the newest keyframe (\(status))") }
            if decoder.receive(into: decoded) == nil {
                let frame = try Frame(referencing: decoded, time: key.time, index: 0)
                return try JPEGEncoder().encode(frame, maxWidth: maxWidth)
            }
        }
        return nil
    }
}
