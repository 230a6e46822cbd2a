import Media
import Recognition
import TestSupport
import Testing

/// Plates that are not one level row: a two-row lorry plate and plates turned a quarter turn, on the real models.
struct PlateLayoutTests {
    let engine: PlateEngine

    init() throws { engine = try PlateEngine.shared(models: .default) }

    /// Fixtures/plates/make-two-row.sh lays the yellow plate 湘A97971 out as two rows (湘A above 97971).
    @Test func readsATwoRowPlateAsOnePlate() throws {
        let photo = try Photo(path: Fixtures.path("plates/two-row-湘A97971.png"))
        let plates = try engine.plates(in: photo.image)
        #expect(plates.map(\.text) == ["湘A97971"])
        #expect(plates.first?.colour == .yellow)
        #expect(plates.first?.characterConfidences.count == 7)
        // The box holds both rows: the plate is pasted at (35, 170) and is 124x74 in the fixture.
        if let box = plates.first?.box {
            #expect(box.y <= 180 && box.y + box.height >= 230, "\(box)")
        }
    }

    /// Without the second row the serial alone is not a plate: the join is what makes the read.
    @Test func theLowerRowAloneIsNoPlate() throws {
        let photo = try Photo(path: Fixtures.path("plates/two-row-湘A97971.png"))
        let lower = Self.cut(photo.image, x: 35, y: 200, width: 130, height: 50)
        #expect(try engine.plates(in: lower).isEmpty)
    }

    @Test(arguments: [true, false])
    func readsAPlateTurnedAQuarterTurn(clockwise: Bool) throws {
        let photo = try Photo(path: Fixtures.path("plates/2d2723313e.jpg"), maxWidth: 4096)
        let turned = Self.quarterTurn(photo.image, clockwise: clockwise)
        #expect(turned.width == photo.image.height && turned.height == photo.image.width)
        let plates = try engine.plates(in: turned)
        #expect(plates.map(\.text) == ["京FK5358"], "clockwise: \(clockwise)")
        // The labelled centre (838, 276) turned with the photo.
        let centre = clockwise ? (x: photo.image.height - 1 - 276, y: 838) : (x: 276, y: photo.image.width - 1 - 838)
        if let box = plates.first?.box {
            #expect(abs(box.x + box.width / 2 - centre.x) < 40 && abs(box.y + box.height / 2 - centre.y) < 100, "\(box)")
            #expect(box.height > box.width, "an upright plate has an upright box: \(box)")
        }
    }

    static func quarterTurn(_ image: Image, clockwise: Bool) -> Image {
        var pixels = [UInt8](repeating: 0, count: image.width * image.height * 3)
        for y in 0..<image.height {
            for x in 0..<image.width {
                // Clockwise, source (x, y) lands at (height-1-y, x); anticlockwise at (y, width-1-x).
                let (tx, ty) = clockwise ? (image.height - 1 - y, x) : (y, image.width - 1 - x)
                let source = image.offset(x: x, y: y), target = (ty * image.height + tx) * 3
                pixels[target..<(target + 3)] = image.pixels[source..<(source + 3)]
            }
        }
        return Image(width: image.height, height: image.width, format: .rgb24, pixels: pixels)
    }

    static func cut(_ image: Image, x: Int, y: Int, width: Int, height: Int) -> Image {
        var pixels: [UInt8] = []
        for row in y..<(y + height) {
            let start = image.offset(x: x, y: row)
            pixels += image.pixels[start..<(start + width * 3)]
        }
        return Image(width: width, height: height, format: .rgb24, pixels: pixels)
    }
}

/// The letters each province issues, as the reader weighs a read's province and letter together.
struct PlateIssuerTests {
    @Test(arguments: [("湘", "M"), ("浙", "L"), ("冀", "R"), ("皖", "Q"), ("粤", "Z"), ("京", "F"), ("渝", "B")])
    func issuedSeriesAreBelieved(province: String, letter: String) {
        #expect(PlateEngine.issuerPrior(province: Character(province), letter: Character(letter)) == 1)
    }

    /// The look-alikes of the issue: 湘/浙 and 蒙/津 are told apart by a letter only one of them issues; 冀 has no Q.
    @Test(arguments: [("浙", "M"), ("蒙", "R"), ("冀", "Q"), ("宁", "F")])
    func seriesAProvinceNeverIssuedAreDoubted(province: String, letter: String) {
        #expect(PlateEngine.issuerPrior(province: Character(province), letter: Character(letter)) < 0.1)
    }

    @Test func theOSeriesIsRareAndNeverOnAPolicePlate() {
        let o = PlateEngine.issuerPrior(province: "粤", letter: "O")
        #expect(o > 0.1 && o < 1)
        #expect(PlateEngine.issuerPrior(province: "粤", letter: "O", policeSuffix: true) < 0.1)
        #expect(PlateEngine.issuerPrior(province: "粤", letter: "A", policeSuffix: true) == 1)
    }
}
