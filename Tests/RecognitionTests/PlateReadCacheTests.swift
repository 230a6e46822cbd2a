import Media
@testable import Recognition
import TestSupport
import Testing

/// A plate read with confidence stands for itself while it stays where it was: it is not searched or read again, and
/// its read comes back; a plate that moved or left is read afresh or not at all.
struct PlateReadCacheTests {
    let engine: PlateEngine
    /// 京FK5358 at (838, 276), 165x59, in a 1280-wide street photo (Fixtures/plates/labels.tsv).
    let photo: Image

    init() throws {
        engine = try PlateEngine.shared(models: .default)
        photo = try Photo(path: Fixtures.path("plates/2d2723313e.jpg")).image
    }

    /// The first read, as a camera's first frame gives it.
    private func firstRead() throws -> PlateRead {
        let plates = try engine.find(in: photo).plates
        let read = try #require(plates.first { $0.text == "京FK5358" })
        #expect(read.confidence >= PlateReadCache().minimumConfidence, "confident enough to stand: \(read.confidence)")
        return read
    }

    @Test func aPlateThatStaysIsNotReadAgainAndItsReadStands() throws {
        let read = try firstRead()
        let again = try engine.find(in: photo, known: [read])
        #expect(again.repeated == [read])
        #expect(again.plates.map(\.text) == ["京FK5358"])
    }

    @Test func aPlateThatMovedIsReadAfreshWhereItIs() throws {
        let read = try firstRead()
        // The picture shifted 300 px left (the car drove on): the plate is now about 300 px from its known box.
        let moved = try shifted(photo, left: 300)
        let found = try engine.find(in: moved, known: [read])
        #expect(found.repeated.isEmpty)
        let fresh = try #require(found.plates.first { $0.text == "京FK5358" })
        #expect(abs(fresh.box.x - (read.box.x - 300)) < 20, "read at its new place: \(fresh.box) against \(read.box)")
    }

    @Test func aPlateThatLeftIsNotReported() throws {
        let read = try firstRead()
        let empty = Image(width: photo.width, height: photo.height, format: .rgb24,
                          pixels: [UInt8](repeating: 90, count: photo.width * photo.height * 3))
        let found = try engine.find(in: empty, known: [read])
        #expect(found.repeated.isEmpty)
        #expect(found.plates.isEmpty)
    }

    @Test func theCacheKeepsConfidentReadsUntilTheyAgeOrThePlateGoes() throws {
        let read = try firstRead()
        let cache = PlateReadCache(maximumAge: 1.5)
        cache.update(at: 10, known: [], repeated: [], plates: [read])
        #expect(cache.known(at: 10.5) == [read])
        // Stood for its plate at 10.5: still read at 10.
        cache.update(at: 10.5, known: [read], repeated: [read], plates: [read])
        #expect(cache.known(at: 11) == [read])
        #expect(cache.known(at: 11.5).isEmpty, "aged: read again")
        // Not seen where it was: forgotten at once.
        cache.update(at: 11, known: [read], repeated: [], plates: [])
        #expect(cache.known(at: 11.2).isEmpty)
        // A doubtful read never stands.
        var doubtful = read
        doubtful.characterConfidences[0] = 0.5
        cache.update(at: 12, known: [], repeated: [], plates: [doubtful])
        #expect(cache.known(at: 12.5).isEmpty)
    }

    /// `image` moved `left` pixels to the left, the right edge filled grey.
    private func shifted(_ image: Image, left: Int) throws -> Image {
        var pixels = [UInt8](repeating: 90, count: image.rowBytes * image.height)
        let bytes = (image.width - left) * 3
        for y in 0..<image.height {
            let from = image.offset(x: left, y: y), to = image.offset(x: 0, y: y)
            pixels.replaceSubrange(to..<to + bytes, with: image.pixels[from..<from + bytes])
        }
        return Image(width: image.width, height: image.height, format: .rgb24, pixels: pixels, rowBytes: image.rowBytes)
    }
}
