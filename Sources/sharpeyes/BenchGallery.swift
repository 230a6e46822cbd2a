import ArgumentParser
import Foundation
import Media
import Recognition
import Seeding

/// How a residents' register behaves at scale: the false-accept rate of "is this a resident?" against the size of
/// the gallery, and the time one face takes to search 100,000 people.
///
/// Probes are the development faces (every single-face photo under `Fixtures/faces`, embedded by the real model)
/// and synthetic faces; galleries are synthetic faces, so no probe is in the gallery and every accept is a false
/// one. Synthetic faces are drawn per dimension from a normal distribution around the real faces' mean, with the
/// real faces' per-dimension spread scaled so that two synthetic faces lie as far apart as two real faces of different
/// people (both distributions, and that of synthetic to real faces, are printed).
struct BenchGallery: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "gallery",
        abstract: "False accepts against gallery size, and search time, for a large face gallery (a residents' register).")

    @Option(help: "Gallery sizes to measure, comma-separated.")
    var sizes = "1000,10000,100000"

    @Option(help: "Synthetic probes (beside the real ones).")
    var probes = 2000

    @Option(help: "Seed of the synthetic faces.")
    var seed: UInt64 = 1

    @Option(help: "The folder of development faces.")
    var faces = "Fixtures/faces"

    @Flag(help: "Print the result as one JSON object on the last line.")
    var json = false

    static let thresholds = [0.60, 0.55, 0.50, 0.45, 0.40, 0.35, 0.30]

    struct Row: Codable {
        var gallery: Int
        var buildSeconds: Double
        var megabytes: Double
        var searchMillisecondsMedian: Double
        var searchMillisecondsP99: Double
        /// Per threshold: the share of real probes, then of synthetic probes, accepted as someone in the gallery.
        var falseAcceptReal: [String: Double]
        var falseAcceptSynthetic: [String: Double]
    }

    struct Result: Codable {
        var realFaces: Int
        var realImpostorDistance: Statistics
        var syntheticToRealDistance: Statistics
        var spreadScale: Double
        var genuineAccept: [String: Double]
        var genuinePairs: Int
        var rows: [Row]
    }

    func run() async throws {
        let sizes = try self.sizes.split(separator: ",").map { text in
            guard let size = Int(text.trimmingCharacters(in: .whitespaces)), (1...1_000_000).contains(size) else {
                throw CommandFailure("--sizes: '\(text)' is not a gallery size (1 to 1000000)")
            }
            return size
        }
        let real = try RealFaces(folder: faces)
        var generator = SyntheticFaces(from: real.embeddings, seed: seed)
        let scale = generator.calibrate(impostorMean: real.impostorDistances.mean)
        let synthetic = (0..<probes).map { _ in generator.next() }
        let toReal = Statistics(synthetic.prefix(500).flatMap { s in real.embeddings.map { s.distance(to: $0) } })
        var rows: [Row] = []
        for size in sizes {
            rows.append(measure(size: size, real: real.embeddings, synthetic: synthetic, generator: &generator))
        }
        let result = Result(realFaces: real.embeddings.count, realImpostorDistance: real.impostorDistances,
                            syntheticToRealDistance: toReal, spreadScale: scale,
                            genuineAccept: Self.shares(real.genuineDistances), genuinePairs: real.genuineDistances.count,
                            rows: rows)
        print(Self.describe(result))
        if json { print(String(decoding: try JSONEncoder().encode(result), as: UTF8.self)) }
    }

    private func measure(size: Int, real: [FaceEmbedding], synthetic: [FaceEmbedding],
                         generator: inout SyntheticFaces) -> Row {
        let before = ResidentMemory.bytes()
        let started = ContinuousClock.now
        var gallery = FaceGallery(reservingCapacity: size)
        for id in 0..<size { gallery.append(generator.next(), id: Int64(id)) }
        let build = (ContinuousClock.now - started).seconds
        let megabytes = Double(ResidentMemory.bytes() - before) / 1_048_576
        var times: [Double] = []
        let nearest = { (probe: FaceEmbedding) -> Double in
            let clock = ContinuousClock.now
            let found = gallery.nearest(to: probe, within: Self.thresholds.max()!)
            times.append((ContinuousClock.now - clock).seconds * 1000)
            return found?.distance ?? .infinity
        }
        let realNearest = real.map(nearest), syntheticNearest = synthetic.map(nearest)
        times.sort()
        return Row(gallery: size, buildSeconds: build, megabytes: megabytes,
                   searchMillisecondsMedian: times[times.count / 2], searchMillisecondsP99: times[times.count * 99 / 100],
                   falseAcceptReal: Self.shares(realNearest), falseAcceptSynthetic: Self.shares(syntheticNearest))
    }

    /// Per threshold, the share of `distances` at or under it.
    private static func shares(_ distances: [Double]) -> [String: Double] {
        Dictionary(uniqueKeysWithValues: thresholds.map { threshold in
            (String(format: "%.2f", threshold), Double(distances.filter { $0 <= threshold }.count) / Double(max(distances.count, 1)))
        })
    }

    private static func describe(_ result: Result) -> String {
        let keys = thresholds.map { String(format: "%.2f", $0) }
        var lines = [
            "real faces: \(result.realFaces); distance across people: \(result.realImpostorDistance)",
            "synthetic to real: \(result.syntheticToRealDistance) (spread scale \(String(format: "%.2f", result.spreadScale)))",
            "genuine pairs accepted (\(result.genuinePairs) pairs of one person's photos): "
                + keys.map { "\($0): \(percent(result.genuineAccept[$0]))" }.joined(separator: ", "),
            "false accepts (real probes / synthetic probes) by threshold:",
            "| gallery | build s | MiB | search ms p50 / p99 | " + keys.joined(separator: " | ") + " |",
        ]
        for row in result.rows {
            let cells = keys.map { "\(percent(row.falseAcceptReal[$0])) / \(percent(row.falseAcceptSynthetic[$0]))" }
            lines.append("| \(row.gallery) | \(String(format: "%.2f", row.buildSeconds)) | \(String(format: "%.0f", row.megabytes)) | "
                         + String(format: "%.2f / %.2f", row.searchMillisecondsMedian, row.searchMillisecondsP99)
                         + " | " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }

    private static func percent(_ share: Double?) -> String { String(format: "%.1f%%", (share ?? 0) * 100) }
}

/// Mean, spread and extremes of a set of distances.
struct Statistics: Codable, CustomStringConvertible {
    var mean: Double
    var deviation: Double
    var minimum: Double
    var percentile1: Double

    init(_ values: [Double]) {
        let sorted = values.sorted(), count = Double(max(values.count, 1))
        let mean = values.reduce(0, +) / count
        self.mean = mean
        deviation = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / count).squareRoot()
        minimum = sorted.first ?? 0
        percentile1 = sorted.isEmpty ? 0 : sorted[sorted.count / 100]
    }

    var description: String {
        String(format: "mean %.3f, sd %.3f, min %.3f, 1st percentile %.3f", mean, deviation, minimum, percentile1)
    }
}

/// The development faces: every photo under the folder that shows exactly one face, labelled by person (the
/// gallery's folder name, or a probe's file name up to its first digit, dash or underscore).
struct RealFaces {
    var embeddings: [FaceEmbedding] = []
    var labels: [String] = []

    init(folder: String) throws {
        let engine = try FaceEngine(models: .default)
        let root = URL(fileURLWithPath: folder)
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else {
            throw CommandFailure("cannot read \(folder)")
        }
        // Group photos (knn_test) name people by nickname: they are left out rather than mislabelled.
        for case let url as URL in walker where ["jpg", "jpeg", "png"].contains(url.pathExtension.lowercased())
            && !url.path.contains("knn_test") {
            let photo = try Photo(path: url.path, maxWidth: 1600)
            let found = try engine.detect(in: photo.image, upsample: 1)
            guard found.count == 1 else { continue }
            embeddings.append(try engine.embed(found[0], in: photo.image))
            labels.append(Self.person(url))
        }
        guard embeddings.count >= 4, Set(labels).count >= 2 else {
            throw CommandFailure("\(folder): too few single-face photos of different people (\(embeddings.count))")
        }
    }

    private static func person(_ url: URL) -> String {
        let parent = url.deletingLastPathComponent()
        let name = parent.deletingLastPathComponent().lastPathComponent == "gallery" ? parent.lastPathComponent : url.lastPathComponent
        return String(name.lowercased().prefix { $0.isLetter })
    }

    private var pairs: [(Int, Int)] { embeddings.indices.flatMap { a in embeddings.indices.filter { $0 > a }.map { (a, $0) } } }

    var impostorDistances: Statistics {
        Statistics(pairs.filter { labels[$0.0] != labels[$0.1] }.map { embeddings[$0.0].distance(to: embeddings[$0.1]) })
    }

    var genuineDistances: [Double] {
        pairs.filter { labels[$0.0] == labels[$0.1] }.map { embeddings[$0.0].distance(to: embeddings[$0.1]) }
    }
}

/// Faces drawn dimension by dimension from normal distributions around the real faces' mean, with the real faces'
/// spread times a scale (seeded: the same seed draws the same faces).
struct SyntheticFaces {
    private let mean: [Float]
    private let spread: [Float]
    private var scale: Float = 1
    private var random: SplitMix64

    init(from real: [FaceEmbedding], seed: UInt64) {
        let count = Float(real.count)
        mean = (0..<FaceEmbedding.dimensions).map { i in real.reduce(0) { $0 + $1.values[i] } / count }
        spread = (0..<FaceEmbedding.dimensions).map { [mean] i in
            (real.reduce(0) { $0 + ($1.values[i] - mean[i]) * ($1.values[i] - mean[i]) } / count).squareRoot()
        }
        random = SplitMix64(seed: seed)
    }

    mutating func next() -> FaceEmbedding {
        FaceEmbedding((0..<FaceEmbedding.dimensions).map { i in mean[i] + scale * spread[i] * normal() })
    }

    /// A standard normal draw (Box–Muller).
    private mutating func normal() -> Float {
        let u = max(Double(random.next() >> 11) * 0x1p-53, .leastNonzeroMagnitude), v = Double(random.next() >> 11) * 0x1p-53
        return Float((-2 * log(u)).squareRoot() * cos(2 * .pi * v))
    }

    /// Sets the scale so that two synthetic faces lie, on average, `impostorMean` apart (as two real faces of
    /// different people do): their distance grows with the scale, so a bisection finds it.
    mutating func calibrate(impostorMean: Double) -> Double {
        var (low, high): (Float, Float) = (0.1, 4)
        let saved = random
        for _ in 0..<30 {
            scale = (low + high) / 2
            random = saved
            let drawn = (0..<200).map { _ in next() }
            let pairs = zip(drawn, drawn.dropFirst())
            let mean = pairs.reduce(0) { $0 + $1.0.distance(to: $1.1) } / Double(drawn.count - 1)
            if mean < impostorMean { low = scale } else { high = scale }
        }
        random = saved
        return Double(scale)
    }
}

/// The process's resident memory, from /proc/self/statm.
enum ResidentMemory {
    static func bytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
              let pages = text.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
