import CVision
public import Media
import Synchronization

/// The background colour of a plate: blue (private cars), yellow (lorries, buses, learners), green (new energy),
/// white (police, military), black (foreign, Hong Kong/Macau).
public enum PlateColour: String, Sendable, Codable, CaseIterable {
    case blue, yellow, green, white, black, unknown
}

/// One plate read in one image.
public struct PlateRead: Sendable, Equatable {
    /// Normalised text (`PlateText.normalise`); a valid plate when `kind` is not nil.
    public var text: String
    public var kind: PlateText.Kind?
    public var box: Box
    /// Per-character recogniser confidence, in text order.
    public var characterConfidences: [Float]
    public var colour: PlateColour
    public var detectorScore: Float

    public init(text: String, kind: PlateText.Kind?, box: Box, characterConfidences: [Float], colour: PlateColour,
                detectorScore: Float) {
        self.text = text
        self.kind = kind
        self.box = box
        self.characterConfidences = characterConfidences
        self.colour = colour
        self.detectorScore = detectorScore
    }

    /// The weakest character's confidence: a read is only as sure as its least sure character.
    public var confidence: Double { Double(characterConfidences.min() ?? 0) }
}

/// How hard to look for plates in one image.
public struct PlateSearch: Sendable, Equatable {
    /// Plate-coloured or edge-dense regions examined by the text detector, best first.
    public var candidates = 4
    /// When the candidates give no valid plate, run the detector over the whole image (slower, finds plates of
    /// unusual colour or on a car of the plate's colour).
    public var wholeImageFallback = true
    /// The long side the whole image is scaled to for the detector; 0 picks 640, 960 or 1280 by the image's size.
    public var wholeImageSide = 0
    /// Recogniser input width (0: the crop's own aspect, at most 320). 160 read the most plates exactly on the dev set.
    public var recogniserWidth = 160
    /// Plate-shaped text boxes read per search, best detector score first (a frame full of signs costs no more).
    public var maximumReads = 8

    public init() {}
}

/// PaddleOCR PP-OCRv4 (detector + recogniser) under ONNX Runtime, with plate-shaped candidates and plate syntax.
///
/// Thread-safe: the models are loaded once per process and shared by every worker; each call runs on one core.
/// ```swift
/// let engine = try PlateEngine.shared(models: .default)
/// for plate in try engine.plates(in: image) { print(plate.text, plate.colour) }
/// ```
public final class PlateEngine: @unchecked Sendable {
    private let handle: OpaquePointer

    private init(models: ModelPaths) throws {
        try models.checkPlateModels()
        var error = [CChar](repeating: 0, count: 512)
        var engine: OpaquePointer?
        let status = cvision_plate_engine_create(models.onnxRuntime, models.plateDetector, models.plateRecogniser,
                                                 &engine, &error, error.count)
        guard status == CVISION_OK, let engine else { throw RecognitionError.model(NativeText.string(error)) }
        handle = engine
    }

    deinit { cvision_plate_engine_destroy(handle) }

    private static let loaded = Mutex<[String: PlateEngine]>([:])

    /// The process's engine for `models`, loaded on first use.
    public static func shared(models: ModelPaths) throws -> PlateEngine {
        try loaded.withLock { engines in
            let key = [models.onnxRuntime, models.plateDetector, models.plateRecogniser].joined(separator: "\u{0}")
            if let engine = engines[key] { return engine }
            let engine = try PlateEngine(models: models)
            engines[key] = engine
            return engine
        }
    }

    /// Valid plates in an RGB image, one read per plate (the most confident when boxes overlap).
    public func plates(in image: Image, search: PlateSearch = PlateSearch()) throws -> [PlateRead] {
        try find(in: image, search: search).plates
    }

    /// The plates of an image, and whether the whole-image detector ran (only when `wholeImageAllowed` and
    /// `search.wholeImageFallback`, and only when the candidates gave no plate or left text of a plate's length
    /// unread — a plate the candidate window cut badly, or a second car's plate beside a sign).
    ///
    /// `regions` (image pixels; empty: everywhere) confine both searches to where something new can be: the
    /// candidates to plate-coloured blobs that overlap one, the whole-image detector to the regions themselves.
    public func find(in image: Image, search: PlateSearch = PlateSearch(), wholeImageAllowed: Bool = true,
                     regions: [Box] = []) throws -> (plates: [PlateRead], searchedWholeImage: Bool) {
        let candidates = try reads(in: image, wholeImage: false, search: search, regions: regions)
        var found = candidates.filter { $0.kind != nil }
        let unread = candidates.contains { $0.kind == nil && $0.text.count >= 5 }
        let wholeImage = wholeImageAllowed && search.wholeImageFallback && (found.isEmpty || unread)
        if wholeImage {
            found += try reads(in: image, wholeImage: true, search: search, regions: regions).filter { $0.kind != nil }
        }
        var kept: [PlateRead] = []
        for read in found.sorted(by: { $0.confidence > $1.confidence })
        where !kept.contains(where: { $0.box.overlap(read.box) > 0.3 || $0.text == read.text }) {
            kept.append(read)
        }
        return (kept, wholeImage)
    }

    /// Every text line read in a plate-shaped box, valid plate or not (for diagnostics and benchmarks).
    public func reads(in image: Image, wholeImage: Bool, search: PlateSearch = PlateSearch(),
                      regions: [Box] = []) throws -> [PlateRead] {
        guard image.format == .rgb24 else { throw RecognitionError.badInput("the plate reader needs an RGB image") }
        var options = cvision_plate_options()
        options.search = wholeImage ? CVISION_PLATE_SEARCH_WHOLE_IMAGE : CVISION_PLATE_SEARCH_CANDIDATES
        options.max_candidates = Int32(search.candidates)
        options.whole_image_side = Int32(search.wholeImageSide)
        options.recogniser_width = Int32(search.recogniserWidth)
        options.max_reads = Int32(search.maximumReads)
        var buffer = [cvision_plate_read](repeating: cvision_plate_read(), count: 32)
        var count: Int32 = 0
        var error = [CChar](repeating: 0, count: 512)
        let rects = regions.map {
            cvision_rect(left: Int32(clamping: $0.x), top: Int32(clamping: $0.y), width: Int32(clamping: $0.width),
                         height: Int32(clamping: $0.height))
        }
        let status = image.pixels.withUnsafeBufferPointer { pixels in
            rects.withUnsafeBufferPointer { rects in
                let rgb = cvision_rgb_image(pixels: pixels.baseAddress, length: pixels.count, width: Int32(image.width),
                                            height: Int32(image.height), stride: Int32(image.rowBytes))
                options.regions = rects.baseAddress
                options.region_count = Int32(rects.count)
                return cvision_plate_read_image(handle, rgb, options, &buffer, Int32(buffer.count), &count, &error, error.count)
            }
        }
        guard status == CVISION_OK else { throw RecognitionError.native(NativeText.string(error)) }
        return buffer.prefix(Int(min(count, Int32(buffer.count)))).map(Self.read)
    }

    /// How much the reader believes a province–letter pair before looking (1: a series the province issues; 0.3:
    /// O, the public-security series; less for pairs no plate has), as it weighs a read's first two characters.
    public static func issuerPrior(province: Character, letter: Character, policeSuffix: Bool = false) -> Float {
        cvision_plate_issuer_prior(String(province), String(letter), policeSuffix ? 1 : 0)
    }

    private static func read(_ raw: cvision_plate_read) -> PlateRead {
        var raw = raw
        let text = withUnsafeBytes(of: &raw.text) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
        let confidences = withUnsafeBytes(of: &raw.character_confidences) { bytes in
            Array(bytes.bindMemory(to: Float.self).prefix(Int(raw.character_count)))
        }
        let normal = PlateText.normalise(text)
        return PlateRead(text: normal, kind: PlateText.kind(of: normal),
                         box: Box(x: Int(raw.left), y: Int(raw.top), width: Int(raw.width), height: Int(raw.height)),
                         characterConfidences: confidences, colour: PlateColour(raw.colour), detectorScore: raw.detector_score)
    }
}

extension PlateColour {
    init(_ colour: cvision_plate_colour) {
        switch colour {
        case CVISION_PLATE_BLUE: self = .blue
        case CVISION_PLATE_YELLOW: self = .yellow
        case CVISION_PLATE_GREEN: self = .green
        case CVISION_PLATE_WHITE: self = .white
        case CVISION_PLATE_BLACK: self = .black
        default: self = .unknown
        }
    }
}

/// Error text written by the native code into a C buffer.
enum NativeText {
    static func string(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
