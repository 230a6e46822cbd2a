public import Foundation

/// A 128-D face descriptor; faces of one person lie within about 0.6 of each other (Euclidean).
public struct FaceEmbedding: Sendable, Equatable {
    public static let dimensions = 128
    public let values: [Float]

    public init(_ values: [Float]) {
        precondition(values.count == Self.dimensions, "a face embedding has 128 values")
        self.values = values
    }

    public func distance(to other: FaceEmbedding) -> Double {
        var sum: Float = 0
        for i in 0..<Self.dimensions {
            let d = values[i] - other.values[i]
            sum += d * d
        }
        return Double(sum.squareRoot())
    }

    /// Distance to an embedding stored as `bytes` (little-endian Float32), read in place: a search by photo compares
    /// against every stored face. Nil when the bytes are not an embedding.
    public func distance(toStored bytes: Data) -> Double? {
        guard bytes.count == Self.dimensions * 4 else { return nil }
        return bytes.withUnsafeBytes { raw in
            var sum: Float = 0
            for i in 0..<Self.dimensions {
                let word = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self))
                let d = values[i] - Float(bitPattern: word)
                sum += d * d
            }
            return Double(sum.squareRoot())
        }
    }

    /// Little-endian Float32 bytes, for the database.
    public var bytes: [UInt8] {
        values.flatMap { value in withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) } }
    }

    public init?(bytes: [UInt8]) {
        guard bytes.count == Self.dimensions * 4 else { return nil }
        values = (0..<Self.dimensions).map { i in
            let word = bytes[i * 4..<i * 4 + 4].enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * $1.offset) }
            return Float(bitPattern: word)
        }
    }
}
