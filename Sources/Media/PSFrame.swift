/// What the receiver needs to know of an MPEG-PS frame (ISO/IEC 13818-1 §2.5) as GB/T 28181 devices pack it:
/// a pack header, on keyframes a system header and a program stream map, then PES packets.
public enum PSFrame {
    /// A frame from which decoding can start: it carries a system header or stream map (devices send both with every
    /// keyframe), or an H.264 SPS/IDR or H.265 VPS/SPS/IDR (devices that send no map).
    public static func isKeyframe(_ bytes: [UInt8]) -> Bool {
        var index = 0
        while let start = nextStartCode(in: bytes, from: index), start + 3 < bytes.count {
            let code = bytes[start + 3]
            if code == 0xBB || code == 0xBC { return true }
            let h264 = code & 0x1F, h265 = (code >> 1) & 0x3F
            if code & 0x80 == 0 && (h264 == 5 || h264 == 7 || h265 == 19 || h265 == 20 || h265 == 32) { return true }
            index = start + 3
        }
        return false
    }

    /// What `fixZeroLengthPES` did to a frame.
    public enum ZeroLengthFix: Sendable, Equatable {
        /// Every packet states its length (or the frame ends before one can be read).
        case none
        /// An open-ended video PES was split into packets of stated length.
        case rewritten
        /// A packet that is not video states a length of 0, so where the next one starts cannot be told: the
        /// frame is handed on unchanged (the demuxer resynchronises on the next start code) and the fault counted.
        case unreadable
    }

    /// Rewrites a video PES packet whose `PES_packet_length` is 0 (allowed by the standard for video in a transport
    /// stream, sent in PS by some cameras, and refused by FFmpeg 5.1's PS demuxer): such a packet runs to the end of
    /// the frame, and is split into packets of stated length.
    @discardableResult
    public static func fixZeroLengthPES(_ bytes: inout [UInt8]) -> ZeroLengthFix {
        var index = 0
        while index + 6 <= bytes.count {
            guard bytes[index] == 0, bytes[index + 1] == 0, bytes[index + 2] == 1 else { return .none }
            let code = bytes[index + 3]
            guard let length = packetLength(bytes, at: index) else { return .none }
            guard length == 0 else { index += length; continue }
            // Only video may be open-ended; a 0 elsewhere (audio, a system header, a stream map) would never move on.
            guard (0xE0...0xEF).contains(code) else { return .unreadable }
            rewrite(&bytes, at: index)
            return .rewritten
        }
        return .none
    }

    /// The whole length of the packet starting at `index`, header included; nil when it cannot be told, 0 when the
    /// packet states no length.
    private static func packetLength(_ bytes: [UInt8], at index: Int) -> Int? {
        switch bytes[index + 3] {
        case 0xBA:
            guard index + 14 <= bytes.count else { return nil }
            return 14 + Int(bytes[index + 13] & 0x07)
        case 0xB9: return 4
        default:
            let stated = Int(bytes[index + 4]) << 8 | Int(bytes[index + 5])
            return stated == 0 ? 0 : 6 + stated
        }
    }

    /// Splits the open-ended PES at `index` (which runs to the end) into PES packets that state their length.
    private static func rewrite(_ bytes: inout [UInt8], at index: Int) {
        guard index + 9 <= bytes.count else { return }
        let code = bytes[index + 3]
        let headerLength = 9 + Int(bytes[index + 8])
        guard index + headerLength <= bytes.count else { return }
        let header = Array(bytes[index + 6..<index + headerLength])
        let payload = bytes[(index + headerLength)...]
        var output = Array(bytes[..<index])
        let limit = 0xFFFF - 3 - header.count
        var chunk = payload.startIndex
        var first = true
        repeat {
            let end = min(chunk + limit, payload.endIndex)
            let extra: [UInt8] = first ? header : [0x80, 0x00, 0x00]
            let length = extra.count + (end - chunk)
            output += [0, 0, 1, code, UInt8(length >> 8), UInt8(length & 0xFF)] + extra
            output += payload[chunk..<end]
            chunk = end
            first = false
        } while chunk < payload.endIndex
        bytes = output
    }

    private static func nextStartCode(in bytes: [UInt8], from index: Int) -> Int? {
        var i = index
        while i + 2 < bytes.count {
            if bytes[i + 2] > 1 { i += 3; continue }
            if bytes[i] == 0 && bytes[i + 1] == 0 && bytes[i + 2] == 1 { return i }
            i += 1
        }
        return nil
    }
}
