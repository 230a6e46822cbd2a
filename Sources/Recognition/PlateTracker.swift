public import Media
public import AnalysisKit
import Foundation

/// Settings of the per-pass plate decision.
public struct PlateTrackSettings: Sendable, Equatable {
    /// A plate not read again for this long has left the view.
    public var maximumGap = 2.0
    /// Reads within this many characters of a pass's reading belong to it (wherever the box moved).
    public var maximumTextDistance = 2
    /// A read whose box overlaps a pass's last box this much (IoU) belongs to it, whatever it says.
    public var minimumOverlap = 0.3
    /// Reads needed for a sighting (1: a car seen in one sampled frame is still logged, as ANPR logs every read).
    public var minimumReads = 1
    /// A pass open this long (a car parked in view) is closed and recorded; a new one starts.
    public var maximumSeconds = 600.0
    /// Reads kept per pass for the vote (the least confident go first) and frames kept (of the most confident reads):
    /// memory stays bounded however long a plate stays in view.
    public var maximumReads = 64
    public var maximumFrames = 3

    public init() {}
}

/// Follows plates across sampled frames; when a plate leaves, clusters the reads of its pass by similarity, takes
/// the strongest cluster, votes each character position by confidence and matches the result against the hotlist.
/// One pass gives one sighting (the read log investigators search) and, for a hotlist hit, one incident.
public struct PlateTracker: Tracker {
    public let kind = DetectionKind.plate
    private let watchlists: Watchlists
    private let settings: PlateTrackSettings
    private var passes: [Open] = []

    struct Observation {
        let read: PlateRead
        let time: Double
        /// Kept for the most confident reads only.
        var frame: Frame?
    }

    private struct Open {
        var observations: [Observation]
        let first: Double
        var last: Double
        var box: Box
        var text: String
        /// Reads in all, also those no longer kept.
        var reads = 1
    }

    /// - Parameter watchlists: the hotlist is read when a pass is decided, so a plate listed meanwhile hits.
    public init(watchlists: Watchlists, settings: PlateTrackSettings = .init()) {
        self.watchlists = watchlists
        self.settings = settings
    }

    public init(hotlist: PlateHotlist, settings: PlateTrackSettings = .init()) {
        self.init(watchlists: Watchlists(plates: hotlist), settings: settings)
    }

    public mutating func update(_ frame: Frame, detections: [Detection]) -> [Pass] {
        let (ended, open) = passes.partitioned {
            frame.time - $0.last > settings.maximumGap || frame.time - $0.first > settings.maximumSeconds
        }
        passes = open
        var claimed = Set<Int>()
        for detection in detections.sorted(by: { $0.confidence > $1.confidence }) {
            guard let read = detection.payload as? PlateRead else { continue }
            let observation = Observation(read: read, time: frame.time, frame: frame)
            let candidates = passes.indices.filter { !claimed.contains($0) }
            let byText = candidates.filter { PlateText.distance(passes[$0].text, read.text) <= settings.maximumTextDistance }
                .min { PlateText.distance(passes[$0].text, read.text) < PlateText.distance(passes[$1].text, read.text) }
            let byPlace = candidates.filter { passes[$0].box.overlap(read.box) >= settings.minimumOverlap }
                .max { passes[$0].box.overlap(read.box) < passes[$1].box.overlap(read.box) }
            if let index = byText ?? byPlace {
                if read.confidence >= passes[index].observations.map(\.read.confidence).max() ?? 0 { passes[index].text = read.text }
                passes[index].observations.append(observation)
                passes[index].reads += 1
                passes[index].observations.bound(reads: settings.maximumReads, frames: settings.maximumFrames)
                passes[index].last = frame.time
                passes[index].box = read.box
                claimed.insert(index)
            } else {
                passes.append(Open(observations: [observation], first: frame.time, last: frame.time, box: read.box,
                                   text: read.text))
                claimed.insert(passes.count - 1)
            }
        }
        return ended.flatMap(decide)
    }

    public mutating func finish() -> [Pass] {
        defer { passes = [] }
        return passes.flatMap(decide)
    }

    /// One pass per cluster of similar reads with enough reads (two cars side by side can share a track).
    private func decide(_ open: Open) -> [Pass] {
        let clusters = PlateReading.clusters(open.observations.map(\.read), maximumDistance: settings.maximumTextDistance)
            .filter { $0.count >= settings.minimumReads }
        let framed = open.observations.filter { $0.frame != nil }
        guard let fallback = framed.max(by: { $0.read.confidence < $1.read.confidence }) else { return [] }
        return clusters.map { indices in
            pass(for: indices.map { open.observations[$0] }, fallback: fallback,
                 reads: clusters.count == 1 ? open.reads : indices.count)
        }
    }

    /// - Parameter fallback: the pass's best kept frame, for a cluster none of whose frames were kept.
    private func pass(for observations: [Observation], fallback: Observation, reads: Int) -> Pass {
        let reading = PlateReading(observations.map(\.read))
        let framed = observations.filter { $0.frame != nil }
        let best = framed.filter { $0.read.text == reading.text }.max { $0.read.confidence < $1.read.confidence }
            ?? framed.max { $0.read.confidence < $1.read.confidence } ?? fallback
        let match = watchlists.plates.match(reading.text)
        let details = PlateDecision(
            text: reading.text, kind: PlateText.kind(of: reading.text)?.rawValue, colour: reading.colour.rawValue,
            reads: observations.count, matchingReads: reading.agreeing, characterConfidences: reading.characterConfidences,
            variants: Dictionary(observations.map { ($0.read.text, 1) }, uniquingKeysWith: +),
            hotlistPattern: match?.entry.pattern, confusions: match?.confusions)
        return Pass(kind: .plate, label: reading.text, firstTime: observations.map(\.time).min() ?? best.time,
                    lastTime: observations.map(\.time).max() ?? best.time, bestFrame: best.frame!, box: best.read.box,
                    confidence: reading.confidence, frames: reads, matchingFrames: reading.agreeing,
                    keepsCrop: true, details: details.json,
                    incident: match.map {
                        IncidentDraft(subject: $0.entry.pattern, watchlist: $0.entry.list, reason: $0.entry.reason,
                                      severity: $0.entry.severity)
                    })
    }
}

extension Array where Element == PlateTracker.Observation {
    /// Drops the least confident reads beyond `reads`, and the frames of all but the `frames` most confident.
    mutating func bound(reads: Int, frames: Int) {
        if count > reads, let weakest = indices.min(by: { self[$0].read.confidence < self[$1].read.confidence }) {
            remove(at: weakest)
        }
        let framed = indices.filter { self[$0].frame != nil }
        guard framed.count > frames else { return }
        let weakest = framed.min { self[$0].read.confidence < self[$1].read.confidence }!
        self[weakest].frame = nil
    }
}

/// The plate text decided from several reads of one plate.
struct PlateReading {
    let text: String
    let characterConfidences: [Float]
    let colour: PlateColour
    /// Reads that said exactly `text`.
    let agreeing: Int

    /// Mean over positions of the winning character's share of the confidence cast at that position.
    let confidence: Double

    /// Reads of the most common length vote position by position, each with its character confidence.
    init(_ reads: [PlateRead]) {
        let lengths = Dictionary(grouping: reads, by: { $0.text.count })
        let voters = lengths.max { a, b in a.value.count < b.value.count || (a.value.count == b.value.count && a.key < b.key) }!.value
        let length = voters[0].text.count
        var characters: [Character] = [], confidences: [Float] = [], shares: [Double] = []
        for position in 0..<length {
            var votes: [Character: Float] = [:]
            for read in voters {
                let character = Array(read.text)[position]
                let weight = position < read.characterConfidences.count ? read.characterConfidences[position] : Float(read.confidence)
                votes[character, default: 0] += max(weight, 0.01)
            }
            let (winner, weight) = votes.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }!
            characters.append(winner)
            let total = votes.values.reduce(0, +)
            shares.append(Double(weight / total))
            let supporting = voters.filter { Array($0.text)[position] == winner }
            confidences.append(supporting.map { position < $0.characterConfidences.count ? $0.characterConfidences[position] : 0 }.max() ?? 0)
        }
        text = String(characters)
        characterConfidences = confidences
        agreeing = reads.filter { $0.text == String(characters) }.count
        let colours = Dictionary(reads.filter { $0.colour != .unknown }.map { ($0.colour, 1) }, uniquingKeysWith: +)
        colour = colours.max { $0.value < $1.value || ($0.value == $1.value && $0.key.rawValue > $1.key.rawValue) }?.key ?? .unknown
        let minimum = Double(confidences.min() ?? 0)
        confidence = minimum * shares.reduce(0, +) / Double(max(1, shares.count))
    }

    /// Groups of read indices, each within `maximumDistance` of its group's most confident read, largest first.
    static func clusters(_ reads: [PlateRead], maximumDistance: Int) -> [[Int]] {
        var groups: [(leader: String, members: [Int])] = []
        for index in reads.indices.sorted(by: { reads[$0].confidence > reads[$1].confidence }) {
            if let group = groups.firstIndex(where: { PlateText.distance($0.leader, reads[index].text) <= maximumDistance }) {
                groups[group].members.append(index)
            } else {
                groups.append((reads[index].text, [index]))
            }
        }
        return groups.map { $0.members.sorted() }.sorted { $0.count > $1.count }
    }
}

/// How a plate pass was decided, stored with its sighting.
struct PlateDecision: Codable {
    let text: String
    let kind: String?
    let colour: String
    let reads: Int
    let matchingReads: Int
    let characterConfidences: [Float]
    let variants: [String: Int]
    let hotlistPattern: String?
    let confusions: Int?

    var json: String? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) }
    }
}
