/// How one ST 0601 item maps its integer to degrees or metres: the standard's linear scaling ("map 0..(2^16-1) to
/// 0..360", "map -(2^31-1)..(2^31-1) to ±90"), with the most negative signed value reserved as "error".
/// `@unchecked`: only for the key path, which names a stored property and never changes.
struct UASDatalinkItem: @unchecked Sendable {
    let tag: UInt8
    /// Bytes of the integer on the wire.
    let size: Int
    let signed: Bool
    /// Width of the real range: 360 for 0..360, 180 for ±90.
    let span: Double
    /// Lowest real value of an unsigned item (-900 m for altitudes).
    let offset: Double
    let keyPath: WritableKeyPath<Telemetry, Double?>

    /// A 0–360° angle (heading, relative azimuth and roll): 359° and 1° are 2° apart.
    var isCircular: Bool { !signed && offset == 0 && span == 360 }

    /// Integers per unit: (2^bits − 1) / span unsigned, (2^bits − 2) / span signed (the ends are symmetric).
    private var scale: Double {
        let levels = Double(UInt64(1) << UInt64(size * 8 - 1)) * 2
        return (signed ? levels - 2 : levels - 1) / span
    }

    func decode(_ value: ArraySlice<UInt8>) throws(KLVError) -> Double? {
        guard value.count == size else {
            throw KLVError(.badValue, "ST 0601 tag \(tag) has \(value.count) bytes, \(size) expected")
        }
        var raw: UInt64 = 0
        for byte in value { raw = raw << 8 | UInt64(byte) }
        guard signed else { return Double(raw) / scale + offset }
        let bits = UInt64(size * 8)
        let signBit = UInt64(1) << (bits - 1)
        if raw == signBit { return nil }  // the error indicator
        let shift = 64 - bits  // sign-extends the item's width to 64 bits
        let number = Int64(bitPattern: raw << shift) >> Int64(shift)
        return Double(number) / scale
    }

    func encode(_ real: Double) -> [UInt8] {
        let bits = size * 8
        let raw: UInt64
        if signed {
            let limit = Double((Int64(1) << Int64(bits - 1)) - 1)
            let number = Int64(min(max((real * scale).rounded(), -limit), limit))
            raw = UInt64(bitPattern: number) & (bits == 64 ? .max : (UInt64(1) << UInt64(bits)) - 1)
        } else {
            let limit = Double((UInt64(1) << UInt64(bits)) - 1)
            raw = UInt64(min(max(((real - offset) * scale).rounded(), 0), limit))
        }
        return (0..<size).reversed().map { UInt8(truncatingIfNeeded: raw >> UInt64($0 * 8)) }
    }

    /// The items SharpEyes reads: position, attitude, fields of view and the frame centre.
    static let all: [UASDatalinkItem] = [
        .init(tag: 5, size: 2, signed: false, span: 360, offset: 0, keyPath: \.platformHeading),
        .init(tag: 13, size: 4, signed: true, span: 180, offset: 0, keyPath: \.sensorLatitude),
        .init(tag: 14, size: 4, signed: true, span: 360, offset: 0, keyPath: \.sensorLongitude),
        .init(tag: 15, size: 2, signed: false, span: 19_900, offset: -900, keyPath: \.sensorAltitude),
        .init(tag: 16, size: 2, signed: false, span: 180, offset: 0, keyPath: \.horizontalFieldOfView),
        .init(tag: 17, size: 2, signed: false, span: 180, offset: 0, keyPath: \.verticalFieldOfView),
        .init(tag: 18, size: 4, signed: false, span: 360, offset: 0, keyPath: \.sensorRelativeAzimuth),
        .init(tag: 19, size: 4, signed: true, span: 360, offset: 0, keyPath: \.sensorRelativeElevation),
        .init(tag: 20, size: 4, signed: false, span: 360, offset: 0, keyPath: \.sensorRelativeRoll),
        .init(tag: 21, size: 4, signed: false, span: 5_000_000, offset: 0, keyPath: \.slantRange),
        .init(tag: 23, size: 4, signed: true, span: 180, offset: 0, keyPath: \.frameCenterLatitude),
        .init(tag: 24, size: 4, signed: true, span: 360, offset: 0, keyPath: \.frameCenterLongitude),
        .init(tag: 25, size: 2, signed: false, span: 19_900, offset: -900, keyPath: \.frameCenterElevation),
    ]

    static let byTag: [UInt8: UASDatalinkItem] = Dictionary(uniqueKeysWithValues: all.map { ($0.tag, $0) })
}
