import Foundation

/// MISB ST 0601 UAS Datalink Local Set inside a SMPTE ST 336 KLV packet: decoding what drones send, and encoding
/// it (for test footage and for anyone re-muxing telemetry).
///
/// ```swift
/// let telemetry = try UASDatalink.decode(packetBytes)   // KLVError on a bad checksum or a truncated set
/// let bytes = UASDatalink.encode(telemetry)              // 16-byte key, BER length, items, checksum
/// ```
public enum UASDatalink {
    /// The 16-byte universal key of the UAS Datalink Local Set.
    public static let key: [UInt8] = [0x06, 0x0E, 0x2B, 0x34, 0x02, 0x0B, 0x01, 0x01,
                                      0x0E, 0x01, 0x03, 0x01, 0x01, 0x00, 0x00, 0x00]
    static let checksumTag: UInt8 = 1, timestampTag: UInt8 = 2, versionTag: UInt8 = 65

    /// Decodes one KLV packet (key, length, local set). The checksum item must be present and match.
    public static func decode(_ packet: [UInt8]) throws(KLVError) -> Telemetry {
        let bytes = packet[...]
        guard bytes.count >= key.count else { throw KLVError(.truncated, "KLV packet of \(bytes.count) bytes has no full key") }
        guard bytes.prefix(key.count).elementsEqual(key) else {
            throw KLVError(.unknownKey, "KLV key is not the UAS Datalink Local Set")
        }
        var index = key.count
        let length = try BER.readLength(bytes, at: &index)
        guard index + length <= bytes.endIndex else {
            throw KLVError(.truncated, "UAS Datalink Local Set declares \(length) bytes, \(bytes.endIndex - index) present")
        }
        let end = index + length
        try verifyChecksum(bytes[..<end])
        return try items(bytes[index..<end])
    }

    /// The 16-bit running sum of ST 0601 over `bytes` (key through the checksum item's tag and length).
    public static func checksum(_ bytes: some Collection<UInt8>) -> UInt16 {
        var sum: UInt16 = 0
        for (i, byte) in bytes.enumerated() { sum &+= UInt16(byte) << (8 * UInt16((i + 1) % 2)) }
        return sum
    }

    /// The checksum is the last item (tag 1, length 2) and covers everything before its value.
    private static func verifyChecksum(_ packet: ArraySlice<UInt8>) throws(KLVError) {
        let end = packet.endIndex
        guard packet.count >= key.count + 4, packet[end - 4] == checksumTag, packet[end - 3] == 2 else {
            throw KLVError(.badChecksum, "UAS Datalink Local Set does not end with its checksum item")
        }
        let stated = UInt16(packet[end - 2]) << 8 | UInt16(packet[end - 1])
        let computed = checksum(packet[..<(end - 2)])
        guard stated == computed else {
            throw KLVError(.badChecksum, "UAS Datalink checksum \(hex(stated)) does not match the bytes (\(hex(computed)))")
        }
    }

    private static func items(_ set: ArraySlice<UInt8>) throws(KLVError) -> Telemetry {
        var telemetry = Telemetry()
        var index = set.startIndex
        while index < set.endIndex {
            let tag = try readTag(set, at: &index)
            let length = try BER.readLength(set, at: &index)
            guard index + length <= set.endIndex else {
                throw KLVError(.truncated, "ST 0601 tag \(tag) declares \(length) bytes, \(set.endIndex - index) present")
            }
            let value = set[index..<index + length]
            index += length
            guard tag <= UInt64(UInt8.max) else { continue }  // items SharpEyes does not read
            try apply(UInt8(tag), value, to: &telemetry)
        }
        return telemetry
    }

    private static func apply(_ tag: UInt8, _ value: ArraySlice<UInt8>, to telemetry: inout Telemetry) throws(KLVError) {
        if let item = UASDatalinkItem.byTag[tag] {
            telemetry[keyPath: item.keyPath] = try item.decode(value)
        } else if tag == timestampTag {
            guard value.count == 8 else { throw KLVError(.badValue, "ST 0601 time stamp has \(value.count) bytes, 8 expected") }
            let micros = value.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            telemetry.timestamp = Date(timeIntervalSince1970: Double(micros) / 1_000_000)
        } else if tag == versionTag, value.count == 1 {
            telemetry.version = Int(value[value.startIndex])
        }
    }

    /// Tags are BER-OID: seven bits per byte, the high bit set on every byte but the last.
    private static func readTag(_ bytes: ArraySlice<UInt8>, at index: inout Int) throws(KLVError) -> UInt64 {
        var tag: UInt64 = 0
        for _ in 0..<8 {
            guard index < bytes.endIndex else { throw KLVError(.truncated, "ST 0601 tag cut off") }
            let byte = bytes[index]
            index += 1
            tag = tag << 7 | UInt64(byte & 0x7F)
            if byte & 0x80 == 0 { return tag }
        }
        throw KLVError(.badValue, "ST 0601 tag longer than 8 bytes")
    }

    /// One KLV packet holding `telemetry`: time stamp first (the standard asks for it), version, items, checksum last.
    public static func encode(_ telemetry: Telemetry) -> [UInt8] {
        var set: [UInt8] = []
        if let timestamp = telemetry.timestamp, timestamp.timeIntervalSince1970.isFinite {
            // Clamped: a time before 1970 or absurdly far ahead must not trap the conversion.
            let micros = UInt64(min(max(0, (timestamp.timeIntervalSince1970 * 1_000_000).rounded()), 9.2e18))
            set += [timestampTag, 8] + (0..<8).reversed().map { UInt8(truncatingIfNeeded: micros >> UInt64($0 * 8)) }
        }
        for item in UASDatalinkItem.all {
            guard let value = telemetry[keyPath: item.keyPath], value.isFinite else { continue }
            set += [item.tag, UInt8(item.size)] + item.encode(value)
        }
        set += [versionTag, 1, UInt8(clamping: telemetry.version ?? 17)]
        set += [checksumTag, 2]
        var packet = key + BER.encode(set.count + 2) + set
        let sum = checksum(packet)
        packet += [UInt8(sum >> 8), UInt8(sum & 0xFF)]
        return packet
    }

    private static func hex(_ value: UInt16) -> String { "0x" + String(value, radix: 16, uppercase: true) }
}
