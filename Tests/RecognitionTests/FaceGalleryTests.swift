import Recognition
import Testing

/// The gallery's scan (packed vectors, rows abandoned half way) finds what a plain scan over every embedding finds.
struct FaceGalleryTests {
    private static func faces(_ count: Int, seed: UInt64) -> [FaceEmbedding] {
        var state = seed  // a linear congruential generator: fixed faces, the same on every run
        func unit() -> Float {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(state >> 40) / Float(1 << 24)
        }
        return (0..<count).map { _ in FaceEmbedding((0..<FaceEmbedding.dimensions).map { _ in unit() * 0.2 - 0.1 }) }
    }

    @Test func theNearestWithinTheToleranceIsThePlainScansNearest() {
        let members = Self.faces(3000, seed: 7), noise = Self.faces(40, seed: 9)
        // Strangers (about 0.9 from everyone), members themselves, and members moved by up to 0.4 (another photo).
        let moved = zip(members.prefix(40), noise).enumerated().map { index, pair in
            FaceEmbedding(zip(pair.0.values, pair.1.values).map { $0 + $1 * Float(index) / 10 })
        }
        let probes = Self.faces(200, seed: 8) + members.prefix(5) + moved
        var gallery = FaceGallery(reservingCapacity: members.count)
        for (index, face) in members.enumerated() { gallery.append(face, id: Int64(index * 10)) }
        #expect(gallery.count == 3000)
        for tolerance in [0.5, 0.62, 0.7] {
            for probe in probes {
                let plain = members.enumerated().map { ($0.offset, probe.distance(to: $0.element)) }.min { $0.1 < $1.1 }!
                let found = gallery.nearest(to: probe, within: tolerance)
                if plain.1 <= tolerance {
                    #expect(found?.id == Int64(plain.0 * 10) && abs(found!.distance - plain.1) < 1e-4, "tolerance \(tolerance)")
                } else {
                    #expect(found == nil, "nothing within \(tolerance): nearest is \(plain.1)")
                }
            }
        }
    }

    @Test func anEmptyGalleryFindsNoOne() {
        #expect(FaceGallery().nearest(to: Self.faces(1, seed: 1)[0], within: 10) == nil)
    }
}
