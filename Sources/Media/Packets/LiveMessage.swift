public import Foundation

/// What a live viewer receives, in order: a start, then fragments; a new start when the camera's stream changed.
public enum LiveMessage: Sendable, Equatable {
    /// The Media Source Extensions type of what follows (`video/mp4; codecs="avc1.64001f"`) and the init segment
    /// (ftyp and moov, no samples).
    case start(mimeType: String, initSegment: Data)
    /// One moof/mdat fragment; the first after a start begins on a keyframe.
    case fragment(Data, keyframe: Bool)
}

/// The RFC 6381 codec string of an init segment, as Media Source Extensions ask for it: H.264's from its `avcC` box
/// (profile, constraints, level), H.265's from its `hvcC` box (ISO/IEC 14496-15 annex E: profile space and profile,
/// compatibility flags bit-reversed, tier and level, constraint bytes without trailing zeros), e.g. `avc1.64001f`,
/// `hvc1.1.6.L93.B0`.
enum CodecString {
    /// The reader for a codec the live view sends, by FFmpeg's codec name; nil for any other codec.
    static func reader(for codecName: String) -> ((Data) -> String?)? {
        switch codecName {
        case "h264": { avc(initSegment: $0) }
        case "hevc": { hevc(initSegment: $0) }
        default: nil
        }
    }

    static func avc(initSegment: Data) -> String? {
        guard let body = body(of: "avcC", in: initSegment, length: 4) else { return nil }
        return "avc1." + body.dropFirst().map { String(format: "%02x", $0) }.joined()
    }

    static func hevc(initSegment: Data) -> String? {
        // configurationVersion, then profile space (2 bits), tier (1), profile (5); 4 bytes of compatibility flags;
        // 6 bytes of constraint flags; the level.
        guard let body = body(of: "hvcC", in: initSegment, length: 13) else { return nil }
        let first = body[1]
        let space = ["", "A", "B", "C"][Int(first >> 6)]
        let flags = body[2..<6].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        var constraints = Array(body[6..<12])
        while constraints.last == 0 { constraints.removeLast() }
        let tier = first & 0x20 != 0 ? "H" : "L"
        return (["hvc1", "\(space)\(first & 0x1F)", String(flags.bitReversed, radix: 16), "\(tier)\(body[12])"]
            + constraints.map { String($0, radix: 16, uppercase: true) }).joined(separator: ".")
    }

    /// `length` bytes after the box type `type`, indexed from 0.
    private static func body(of type: String, in segment: Data, length: Int) -> [UInt8]? {
        guard let box = segment.range(of: Data(type.utf8)), segment.count >= box.upperBound + length else { return nil }
        return Array(segment[box.upperBound..<(box.upperBound + length)])
    }
}

extension UInt32 {
    /// The bits in reverse order (bit 0 becomes bit 31).
    var bitReversed: UInt32 {
        (0..<32).reduce(UInt32(0)) { reversed, bit in reversed | ((self >> UInt32(bit)) & 1) << UInt32(31 - bit) }
    }
}
