/// A large gallery of face embeddings — a community's register of residents, 100,000 people — searched by exact
/// scan: at this size a linear scan over packed 32-bit floats is a few milliseconds, with no index to build, to keep
/// in step with the register, or to lose a match by approximation.
///
/// Each embedding is stored as eight 16-lane vectors; a scan keeps the best squared distance so far and abandons a
/// row once half its dimensions already exceed it (most rows of a large gallery are far from any one face).
public struct FaceGallery: Sendable {
    private static let lanes = 16
    private static let chunks = FaceEmbedding.dimensions / lanes

    private var rows: [SIMD16<Float>] = []
    /// The caller's id of each embedding (a resident's), in the order added.
    public private(set) var ids: [Int64] = []

    public init(reservingCapacity count: Int = 0) {
        rows.reserveCapacity(count * Self.chunks)
        ids.reserveCapacity(count)
    }

    public var count: Int { ids.count }

    /// Adds one embedding; a person with several photos is added once per photo, under one id.
    public mutating func append(_ embedding: FaceEmbedding, id: Int64) {
        rows.append(contentsOf: Self.packed(embedding))
        ids.append(id)
    }

    /// The nearest embedding within `tolerance` (Euclidean), or nil when none is that close.
    public func nearest(to probe: FaceEmbedding, within tolerance: Double) -> (id: Int64, distance: Double)? {
        let query = Self.packed(probe)
        var best = Float(tolerance * tolerance), found = -1
        rows.withUnsafeBufferPointer { rows in
            query.withUnsafeBufferPointer { query in
                for row in 0..<ids.count {
                    let base = row * Self.chunks
                    var near = SIMD16<Float>()
                    for chunk in 0..<Self.chunks / 2 {
                        let d = rows[base + chunk] - query[chunk]
                        near += d * d
                    }
                    guard near.sum() < best else { continue }
                    for chunk in Self.chunks / 2..<Self.chunks {
                        let d = rows[base + chunk] - query[chunk]
                        near += d * d
                    }
                    let total = near.sum()
                    if total < best { (best, found) = (total, row) }
                }
            }
        }
        return found < 0 ? nil : (ids[found], Double(best.squareRoot()))
    }

    private static func packed(_ embedding: FaceEmbedding) -> [SIMD16<Float>] {
        (0..<chunks).map { chunk in SIMD16<Float>(embedding.values[chunk * lanes..<(chunk + 1) * lanes]) }
    }
}
