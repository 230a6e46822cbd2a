/// One RTP packet (RFC 3550) as GB/T 28181 devices send it: the fixed header, then CSRCs, an optional extension
/// and optional padding around the payload.
public struct RTPPacket: Sendable, Equatable {
    public let payloadType: UInt8
    public let marker: Bool
    public let sequence: UInt16
    public let timestamp: UInt32
    public let ssrc: UInt32
    public let payload: ArraySlice<UInt8>

    /// Why bytes are not an RTP packet.
    public enum Malformed: Error, Sendable { case tooShort, notVersion2, badPadding, badExtension }

    /// Parses `bytes` (the datagram, or the frame after the RFC 4571 length).
    public init(_ bytes: ArraySlice<UInt8>) throws(Malformed) {
        guard bytes.count >= 12 else { throw .tooShort }
        let start = bytes.startIndex
        guard bytes[start] >> 6 == 2 else { throw .notVersion2 }
        let hasPadding = bytes[start] & 0x20 != 0, hasExtension = bytes[start] & 0x10 != 0
        let csrcCount = Int(bytes[start] & 0x0F)
        marker = bytes[start + 1] & 0x80 != 0
        payloadType = bytes[start + 1] & 0x7F
        sequence = UInt16(bytes[start + 2]) << 8 | UInt16(bytes[start + 3])
        timestamp = Self.word(bytes, at: start + 4)
        ssrc = Self.word(bytes, at: start + 8)
        var offset = start + 12 + 4 * csrcCount
        if hasExtension {
            guard offset + 4 <= bytes.endIndex else { throw .badExtension }
            let words = Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            offset += 4 + 4 * words
        }
        var end = bytes.endIndex
        if hasPadding {
            guard end > offset, let last = bytes.last, Int(last) >= 1, Int(last) <= end - offset else { throw .badPadding }
            end -= Int(last)
        }
        guard offset <= end else { throw .tooShort }
        payload = bytes[offset..<end]
    }

    private static func word(_ bytes: ArraySlice<UInt8>, at index: Int) -> UInt32 {
        UInt32(bytes[index]) << 24 | UInt32(bytes[index + 1]) << 16 | UInt32(bytes[index + 2]) << 8 | UInt32(bytes[index + 3])
    }
}
