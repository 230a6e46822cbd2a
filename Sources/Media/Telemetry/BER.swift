/// SMPTE ST 336 lengths: BER short form (one byte below 128) or long form (0x80 | count, then `count` bytes).
enum BER {
    /// Reads a length at `index`, moving `index` past it.
    static func readLength(_ bytes: ArraySlice<UInt8>, at index: inout Int) throws(KLVError) -> Int {
        guard index < bytes.endIndex else { throw KLVError(.truncated, "KLV length missing at byte \(index)") }
        let first = bytes[index]
        index += 1
        guard first & 0x80 != 0 else { return Int(first) }
        let count = Int(first & 0x7F)
        // Eight bytes of length would already be absurd for telemetry; more cannot be held.
        guard count >= 1, count <= 4 else { throw KLVError(.truncated, "KLV long-form length of \(count) bytes") }
        guard index + count <= bytes.endIndex else { throw KLVError(.truncated, "KLV length cut off at byte \(index)") }
        var length = 0
        for byte in bytes[index..<index + count] { length = length << 8 | Int(byte) }
        index += count
        return length
    }

    /// The shortest encoding of `length`.
    static func encode(_ length: Int) -> [UInt8] {
        guard length >= 128 else { return [UInt8(length)] }
        var value = length, bytes: [UInt8] = []
        while value > 0 {
            bytes.insert(UInt8(value & 0xFF), at: 0)
            value >>= 8
        }
        return [0x80 | UInt8(bytes.count)] + bytes
    }
}
