import Foundation
import Media
import Recognition
import TestSupport
import Testing

/// The real PP-OCRv4 models on real street photos (Fixtures/plates, from EasyPR) — whole photos in, no box given.
struct PlateEngineTests {
    let engine: PlateEngine

    init() throws { engine = try PlateEngine.shared(models: .default) }

    static let photos: [(file: String, plate: String, centre: (x: Int, y: Int))] = [
        ("2d2723313e.jpg", "京FK5358", (838, 276)), ("8e237b31c5.jpg", "川A095Q5", (444, 223)),
        ("1f93af52f8.jpg", "黑A1R272", (1204, 602)), ("0666d35256.jpg", "辽BG0D80", (418, 357)),
        ("5418318d26.jpg", "粤B2757B", (164, 351)),
    ]

    @Test(arguments: photos.indices)
    func readsThePlateOfAWholePhoto(index: Int) throws {
        let (file, plate, centre) = Self.photos[index]
        let photo = try Photo(path: Fixtures.path("plates/\(file)"), maxWidth: 4096)
        let plates = try engine.plates(in: photo.image)
        try #require(plates.count == 1, "\(file): \(plates.map(\.text))")
        #expect(plates[0].text == plate)
        #expect(plates[0].kind == .standard)
        // Every fixture plate is blue; the night shot (川A095Q5) has no colour left to see.
        #expect(plates[0].colour == (plate == "川A095Q5" ? .unknown : .blue), "\(file): \(plates[0].colour)")
        #expect(plates[0].characterConfidences.count == 7)
        let box = plates[0].box
        #expect(abs(box.x + box.width / 2 - centre.x) < box.width / 2 && abs(box.y + box.height / 2 - centre.y) < box.height,
                "\(file): box \(box) is on the labelled plate at \(centre)")
    }

    @Test func bothSearchesFindTheSamePlate() throws {
        let photo = try Photo(path: Fixtures.path("plates/2d2723313e.jpg"))
        let candidates = try engine.reads(in: photo.image, wholeImage: false).filter { $0.kind != nil }
        let whole = try engine.reads(in: photo.image, wholeImage: true).filter { $0.kind != nil }
        #expect(candidates.map(\.text) == ["京FK5358"])
        #expect(whole.map(\.text) == ["京FK5358"])
    }

    @Test func bothSearchesLookOnlyWhereTheyAreTold() throws {
        // 京FK5358 is at (838, 276) in this 1280x720 photo (labels.tsv).
        let photo = try Photo(path: Fixtures.path("plates/2d2723313e.jpg"))
        let around = [Box(x: 640, y: 160, width: 400, height: 240)], elsewhere = [Box(x: 0, y: 400, width: 500, height: 320)]
        for wholeImage in [false, true] {
            let inside = try engine.reads(in: photo.image, wholeImage: wholeImage, regions: around).filter { $0.kind != nil }
            let outside = try engine.reads(in: photo.image, wholeImage: wholeImage, regions: elsewhere).filter { $0.kind != nil }
            #expect(inside.map(\.text) == ["京FK5358"], "whole image: \(wholeImage)")
            #expect(outside.isEmpty, "whole image: \(wholeImage)")
        }
    }

    @Test func facesAndSignsAreNotPlates() throws {
        for file in ["faces/probes/obama.jpg", "faces/probes/two_people.jpg", "faces/probes/obama-720p.jpg"] {
            let photo = try Photo(path: Fixtures.path(file))
            #expect(try engine.plates(in: photo.image).isEmpty, "\(file)")
        }
    }

    @Test func aGreyImageIsRefused() throws {
        let grey = Image(width: 64, height: 32, format: .gray8, pixels: [UInt8](repeating: 0, count: 64 * 32))
        #expect { try engine.plates(in: grey) } throws: { "\($0)".contains("needs an RGB image") }
    }

    @Test(arguments: [(1280, 720), (1, 1), (3, 500), (500, 3), (33, 17)])
    func blankOrDegenerateFramesHaveNoPlates(width: Int, height: Int) throws {
        let blank = Image(width: width, height: height, format: .rgb24,
                          pixels: [UInt8](repeating: 90, count: width * height * 3))
        #expect(try engine.plates(in: blank).isEmpty)
    }

    @Test func missingModelsAreAClearError() {
        #expect { try PlateEngine.shared(models: ModelPaths(directory: "/nonexistent")) } throws: { error in
            "\(error)".contains("is missing: run scripts/setup.sh")
        }
    }
}
