import ArgumentParser
import InputSafety
import Foundation
import Media
import Recognition

/// Plate reading on labelled whole photos: how many plates are read exactly, within one character, with the right
/// province, how many reads are not on any labelled plate, and the time per image (locate + read, one thread).
struct BenchPlates: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "plates",
        abstract: "Read the plates of labelled photos and print accuracy and time per image.",
        discussion: """
        LABELS is a TSV file with a header and the columns file, plate, colour, cx, cy, w, h[, rotation_deg] \
        [, condition] (the plate's centre, size and turn in pixels and degrees, as an OpenCV rotated rectangle); files \
        are relative to its folder. A read belongs to a labelled plate when its centre lies within that plate's \
        upright bounding box grown by half its size; reads belonging to none are false plates. Accuracy is also \
        given by plate height in the image read (the rectangle's short side: under 20, 20-30, over 30 px) and by \
        condition (Benchmarks/make-plate-frames.py writes small, rotated, blurred, dark).
        """)

    @Argument(help: "The labels file.")
    var labels: String

    @Option(help: "Scale each photo to fit a frame of this size (WIDTHxHEIGHT, e.g. 1280x720), as a camera would deliver it.")
    var frame: String?

    @Option(help: "Candidate regions examined per image.")
    var candidates = PlateSearch().candidates

    @Flag(inversion: .prefixedNo, help: "Run the detector over the whole image when the candidates give no plate.")
    var wholeImageFallback = true

    @Flag(help: "Only the whole-image detector (no candidates).")
    var wholeImageOnly = false

    @Option(help: "Long side for the whole-image detector (0: 640/960/1280 by image size).")
    var wholeImageSide = 0

    @Option(help: "Recogniser input width (0: the crop's own aspect, at most 320).")
    var recogniserWidth = PlateSearch().recogniserWidth

    @Flag(help: "Print every plate and read.")
    var verbose = false

    @Flag(help: "Print the result as one JSON object on the last line.")
    var json = false

    struct Label {
        var file: String
        var plate: String
        var box: Box
        var colour: PlateColour?
        /// The plate's height in the labelled photo: the short side of its rotated rectangle.
        var height: Double
        var condition: String?
    }

    /// Plates and reads of one group (a height band or a condition).
    struct Tally: Codable {
        var plates = 0, exact = 0, withinOne = 0

        mutating func add(errors: Int) {
            plates += 1
            if errors == 0 { exact += 1 }
            if errors <= 1 { withinOne += 1 }
        }

        var summary: String {
            String(format: "%d plates, exact %d (%.1f%%), within one %d (%.1f%%)", plates, exact,
                   100 * Double(exact) / Double(max(plates, 1)), withinOne, 100 * Double(withinOne) / Double(max(plates, 1)))
        }
    }

    static func heightBand(_ height: Double) -> String {
        height < 20 ? "under 20 px" : height <= 30 ? "20-30 px" : "over 30 px"
    }

    struct Result: Codable {
        var photos: Int
        var plates: Int
        var exact: Double
        var withinOne: Double
        var province: Double
        /// Of the plates read with a labelled colour, the share whose colour was right.
        var colour: Double?
        var falsePlates: Int
        var medianMs: Double
        /// The median over images with exactly one labelled plate.
        var medianMsOnePlate: Double
        var frame: String?
        var byHeight: [String: Tally]
        var byCondition: [String: Tally]
    }

    func run() async throws {
        let labelled: [Label]
        let frameSize: (width: Int, height: Int)?
        labelled = try Self.parse(labels)
        frameSize = try frame.map(Self.size)
        let engine = try PlateEngine.shared(models: .default)
        var search = PlateSearch()
        search.candidates = candidates
        search.wholeImageFallback = wholeImageFallback
        search.wholeImageSide = wholeImageSide
        search.recogniserWidth = recogniserWidth

        let folder = (labels as NSString).deletingLastPathComponent
        var seen = Set<String>()
        let files = labelled.map(\.file).filter { seen.insert($0).inserted }
        let labelsByFile = Dictionary(grouping: labelled, by: \.file)
        var exact = 0, withinOne = 0, province = 0, falsePlates = 0, coloured = 0, colourRight = 0
        var times: [Double] = [], onePlateTimes: [Double] = []
        var byHeight: [String: Tally] = [:], byCondition: [String: Tally] = [:]
        for file in files {
            let path = (folder as NSString).appendingPathComponent(file)
            var plates = labelsByFile[file] ?? []
            let image: Image
            do {
                let photo = try Photo(path: path, maxWidth: 4096)
                if let frameSize {
                    let fitted = try Letterbox(frame: photo.frame, width: frameSize.width, height: frameSize.height)
                    image = fitted.image
                    plates = plates.map {
                        Label(file: $0.file, plate: $0.plate, box: fitted.map($0.box), colour: $0.colour,
                              height: $0.height * fitted.scale, condition: $0.condition)
                    }
                } else {
                    image = photo.image
                }
            } catch { throw CommandFailure("\(path): \(error)") }
            let start = ContinuousClock.now
            let reads: [PlateRead]
            do {
                reads = wholeImageOnly
                    ? try engine.reads(in: image, wholeImage: true, search: search).filter { $0.kind != nil }
                    : try engine.plates(in: image, search: search)
            } catch { throw CommandFailure("\(path): \(error)") }
            times.append((ContinuousClock.now - start).seconds * 1000)
            if plates.count == 1 { onePlateTimes.append(times[times.count - 1]) }
            if verbose, let all = try? engine.reads(in: image, wholeImage: wholeImageOnly, search: search) {
                for read in all where read.kind == nil { print("\(file)\tnot a plate\t\(read.text)\t\(read.box)") }
            }

            var used = Set<Int>()
            for plate in plates {
                let near = reads.indices.filter { Self.belongs(reads[$0].box, to: plate.box) }
                let best = near.min { PlateText.distance(reads[$0].text, plate.plate) < PlateText.distance(reads[$1].text, plate.plate) }
                used.formUnion(near)
                let text = best.map { reads[$0].text }
                let errors = text.map { PlateText.distance($0, plate.plate) } ?? Int.max
                if errors == 0 { exact += 1 }
                if errors <= 1 { withinOne += 1 }
                byHeight[Self.heightBand(plate.height), default: Tally()].add(errors: errors)
                if let condition = plate.condition { byCondition[condition, default: Tally()].add(errors: errors) }
                if let text, text.first == plate.plate.first { province += 1 }
                let colour = best.map { reads[$0].colour }
                if let colour, let labelled = plate.colour {
                    coloured += 1
                    if colour == labelled { colourRight += 1 }
                }
                if verbose {
                    print("\(file)\t\(plate.plate)\t\(text ?? "-")\t\(errors == Int.max ? "missed" : "\(errors)")\t\(colour?.rawValue ?? "-")")
                }
            }
            for index in reads.indices where !used.contains(index) {
                falsePlates += 1
                if verbose { print("\(file)\tfalse plate\t\(reads[index].text)\t\(reads[index].box)") }
            }
        }
        let count = Double(labelled.count)
        let result = Result(photos: files.count, plates: labelled.count, exact: Double(exact) / count,
                            withinOne: Double(withinOne) / count, province: Double(province) / count,
                            colour: coloured > 0 ? Double(colourRight) / Double(coloured) : nil,
                            falsePlates: falsePlates, medianMs: Self.median(times),
                            medianMsOnePlate: Self.median(onePlateTimes), frame: frame, byHeight: byHeight,
                            byCondition: byCondition)
        print("\(result.photos) photos, \(result.plates) plates\(frame.map { " (each fitted into a \($0) frame)" } ?? "")")
        print(String(format: "read exactly: %d (%.1f%%)", exact, 100 * result.exact))
        print(String(format: "within one character: %d (%.1f%%)", withinOne, 100 * result.withinOne))
        print(String(format: "province character right: %d (%.1f%%)", province, 100 * result.province))
        if let colour = result.colour { print(String(format: "colour right: %d of %d read (%.1f%%)", colourRight, coloured, 100 * colour)) }
        print("false plates: \(falsePlates)")
        print(String(format: "median %.1f ms per image (locate + read, one thread; max %.1f ms)", result.medianMs,
                     times.max() ?? 0))
        print(String(format: "median %.1f ms per image with one plate (%d images)", result.medianMsOnePlate, onePlateTimes.count))
        for band in ["under 20 px", "20-30 px", "over 30 px"] { print("plates \(band): \(byHeight[band]?.summary ?? "none")") }
        for (condition, tally) in byCondition.sorted(by: { $0.key < $1.key }) { print("\(condition): \(tally.summary)") }
        if json {
            printJSONLine(result)
        }
    }

    /// Labels files are small (a few thousand plates); a larger file is refused unread.
    static let sizeLimit = 16 << 20
    /// Centres and sizes are pixels of a photo: anything beyond this is a typo or damage, not a plate.
    static let maximumPixels = 100_000.0

    static func parse(_ path: String) throws -> [Label] {
        let lines = TextChecks.lines(of: try TextFile.read(path, limit: sizeLimit))
        guard let header = lines.first?.text.split(separator: "\t").map(String.init) else { throw CommandFailure("\(path) is empty") }
        let required = ["file", "plate", "cx", "cy", "w", "h"]
        let colourColumn = header.firstIndex(of: "colour")
        let rotationColumn = header.firstIndex(of: "rotation_deg"), conditionColumn = header.firstIndex(of: "condition")
        let columns = try Dictionary(uniqueKeysWithValues: required.map { name in
            guard let index = header.firstIndex(of: name) else {
                throw CommandFailure("\(path): the header has no '\(name)' column (needs \(required.joined(separator: ", ")))")
            }
            return (name, index)
        })
        return try lines.dropFirst().map { row in
            let (number, line) = (row.number, row.text)
            if let problem = TextChecks.controlCharacter(in: line) { throw CommandFailure("\(path):\(number): \(problem)") }
            let fields = TextChecks.fields(of: line, separator: "\t")
            func value(_ name: String) throws -> Double { try pixels(fields, columns[name]!, name: name, at: "\(path):\(number)") }
            guard fields.count > columns["plate"]!, !fields[columns["file"]!].isEmpty else {
                throw CommandFailure("\(path):\(number): expected \(header.count) tab-separated fields")
            }
            let (cx, cy, w, h) = (try value("cx"), try value("cy"), try value("w"), try value("h"))
            let colour = colourColumn.flatMap { $0 < fields.count ? Self.colour(fields[$0]) : nil }
            let degrees = rotationColumn.flatMap { $0 < fields.count ? Double(fields[$0]) : nil } ?? 0
            guard degrees.isFinite, abs(degrees) <= 360 else {
                throw CommandFailure("\(path):\(number): 'rotation_deg' is not an angle from -360 to 360")
            }
            // The upright box around the turned rectangle.
            let turn = degrees * .pi / 180
            let across = abs(w * cos(turn)) + abs(h * sin(turn)), down = abs(w * sin(turn)) + abs(h * cos(turn))
            let condition = conditionColumn.flatMap { $0 < fields.count && !fields[$0].isEmpty ? fields[$0] : nil }
            return Label(file: fields[columns["file"]!], plate: PlateText.normalise(fields[columns["plate"]!]),
                         box: Box(x: Int(cx - across / 2), y: Int(cy - down / 2), width: Int(across), height: Int(down)),
                         colour: colour, height: min(w, h), condition: condition)
        }
    }

    /// A centre or size in pixels: a number from 0 to ``maximumPixels`` (NaN, infinities and huge values would trap
    /// when made whole pixels).
    private static func pixels(_ fields: [String], _ index: Int, name: String, at place: String) throws -> Double {
        guard index < fields.count, let number = Double(fields[index]) else { throw CommandFailure("\(place): '\(name)' is not a number") }
        guard number.isFinite, (0...maximumPixels).contains(number) else {
            throw CommandFailure("\(place): '\(name)' is \(fields[index]), not a number of pixels from 0 to \(Int(maximumPixels))")
        }
        return number
    }

    /// EasyPR's colour names (蓝牌 blue plate …) or ours.
    static func colour(_ text: String) -> PlateColour? {
        let names: [String: PlateColour] = ["蓝牌": .blue, "黄牌": .yellow, "绿牌": .green, "白牌": .white, "黑牌": .black]
        return names[text] ?? PlateColour(rawValue: text.lowercased())
    }

    static func size(_ text: String) throws -> (width: Int, height: Int) {
        let parts = text.lowercased().split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2, parts.allSatisfy({ $0 >= 16 && $0 <= 8192 }) else {
            throw CommandFailure("--frame \(text): expected WIDTHxHEIGHT, e.g. 1280x720")
        }
        return (parts[0], parts[1])
    }

    static func belongs(_ read: Box, to plate: Box) -> Bool {
        let cx = Double(read.x) + Double(read.width) / 2, cy = Double(read.y) + Double(read.height) / 2
        return abs(cx - (Double(plate.x) + Double(plate.width) / 2)) <= Double(plate.width)
            && abs(cy - (Double(plate.y) + Double(plate.height) / 2)) <= Double(plate.height)
    }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}

/// A photo scaled to fit a camera frame of a given size, centred on grey.
struct Letterbox {
    let image: Image
    let scale: Double
    let offset: (x: Int, y: Int)

    init(frame: Frame, width: Int, height: Int) throws {
        let fit = min(Double(width) / Double(frame.width), Double(height) / Double(frame.height))
        let scaled = try Scaler(format: .rgb24, maxWidth: max(2, Int((Double(frame.width) * fit).rounded(.down))), smooth: true)
            .convert(frame)
        var canvas = Image(width: width, height: height, format: .rgb24,
                           pixels: [UInt8](repeating: 128, count: width * height * 3))
        let x = (width - scaled.width) / 2, y = (height - scaled.height) / 2
        for row in 0..<min(scaled.height, height - y) {
            let source = scaled.offset(x: 0, y: row), target = canvas.offset(x: x, y: y + row)
            let count = min(scaled.width, width - x) * 3
            canvas.pixels.replaceSubrange(target..<(target + count), with: scaled.pixels[source..<(source + count)])
        }
        image = canvas
        scale = Double(scaled.width) / Double(frame.width)
        offset = (x, y)
    }

    func map(_ box: Box) -> Box {
        Box(x: Int(Double(box.x) * scale) + offset.x, y: Int(Double(box.y) * scale) + offset.y,
            width: Int(Double(box.width) * scale), height: Int(Double(box.height) * scale))
    }
}
