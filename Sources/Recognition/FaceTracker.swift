public import Media
public import AnalysisKit
import Foundation

/// Settings of the per-track face decision.
public struct FaceTrackSettings: Sendable, Equatable {
    /// A track not seen for this long has ended.
    public var maximumGap = 1.0
    /// Box overlap (IoU) for a face to continue a track.
    public var minimumOverlap = 0.2
    /// A face further than this (embedding distance) from every recent face of a track is someone else, even in the
    /// same place: the next person of a queue at a checkpoint. One person's faces along a pass are mostly under
    /// 0.4 apart; dlib's model puts different people above 0.6 (its same-person threshold on LFW).
    public var maximumEmbeddingDistance = 0.6
    /// An identity needs at least this many matching frames in the track.
    public var minimumFrames = 2
    /// Face area counts in the vote up to this many pixels (a close-up is not worth ten frames).
    public var areaCap = 40_000
    /// Record tracks that match no one as sightings without a label (off: privacy).
    public var keepUnknown = false
    /// Record tracks that match no one with their mean embedding, so they can be searched by photo (a per-camera
    /// opt-in; implies `keepUnknown` for this camera). The stage must embed every face (`FaceSettings.embedsEveryFace`).
    public var storesUnknownEmbeddings = false
    /// A track open this long (a person standing at a checkpoint) is closed and recorded; a new one starts.
    public var maximumSeconds = 600.0

    public init() {}
}

/// Follows faces across sampled frames and decides each track's identity by vote, once, when it ends.
///
/// A face continues the open track whose box it overlaps most, unless its embedding is far from that track's
/// recent ones (a different person stepping into the same place) or the picture was cut in between: then it starts
/// a track of its own, so each person of a queue gets their own sighting, times and vote.
///
/// Each frame's face votes for its matched identity (or "unknown") with its area as weight. The track is
/// that identity only if it has `minimumFrames` matches, outweighs every other identity (ties are refused)
/// and outweighs the unknown votes. One decision per track gives one sighting, and for a watchlist hit one incident.
/// A track keeps running totals per identity and one best frame each, not every frame: memory stays bounded
/// however long a face stays in view.
public struct FaceTracker: Tracker {
    public let kind = DetectionKind.face
    private let settings: FaceTrackSettings
    private var tracks: [FaceTrack] = []

    public init(settings: FaceTrackSettings = .init()) {
        self.settings = settings
    }

    public mutating func update(_ frame: Frame, detections: [Detection]) -> [Pass] {
        var (ended, open) = tracks.partitioned {
            frame.time - $0.last > settings.maximumGap || frame.time - $0.first > settings.maximumSeconds
        }
        let faces = detections.map { $0.payload as? FaceObservation }
        if faces.contains(where: { $0?.afterSceneCut == true }) {
            ended += open
            open = []
        }
        tracks = open
        var claimed = Set<Int>()
        for (detection, face) in zip(detections, faces).sorted(by: { $0.0.box.area > $1.0.box.area }) {
            let weight = Double(min(detection.box.area, settings.areaCap))
            let candidates = tracks.indices.filter {
                !claimed.contains($0) && tracks[$0].last < frame.time
                    && tracks[$0].box.overlap(detection.box) >= settings.minimumOverlap
                    && tracks[$0].mayContinue(with: face?.embedding, within: settings.maximumEmbeddingDistance)
            }
            if let index = candidates.max(by: { tracks[$0].box.overlap(detection.box) < tracks[$1].box.overlap(detection.box) }) {
                tracks[index].add(face, weight: weight, frame: frame, box: detection.box)
                claimed.insert(index)
            } else {
                var track = FaceTrack(first: frame.time, box: detection.box)
                track.add(face, weight: weight, frame: frame, box: detection.box)
                tracks.append(track)
                claimed.insert(tracks.count - 1)
            }
        }
        return ended.compactMap(decide)
    }

    public mutating func finish() -> [Pass] {
        defer { tracks = [] }
        return tracks.compactMap(decide)
    }

    private func decide(_ track: FaceTrack) -> Pass? {
        let ranked = track.votes.sorted { $0.value.weight > $1.value.weight }
        if let (winner, votes) = ranked.first, votes.frames >= settings.minimumFrames,
           ranked.count < 2 || votes.weight > ranked[1].value.weight, votes.weight >= track.unknown.weight {
            return pass(for: track, identity: winner)
        }
        guard settings.keepUnknown || settings.storesUnknownEmbeddings, track.frames >= settings.minimumFrames else { return nil }
        var unknown = pass(for: track, identity: nil)
        if settings.storesUnknownEmbeddings { unknown.faceEmbedding = track.meanEmbedding?.bytes }
        return unknown
    }

    private func pass(for track: FaceTrack, identity key: String?) -> Pass {
        let votes = key.flatMap { track.votes[$0] } ?? track.unknown
        let entry = votes.entry
        let meanDistance = votes.distances > 0 ? votes.distanceSum / Double(votes.distances) : nil
        let details = FaceDecision(
            identity: entry?.name, list: entry?.list, frames: track.frames, matchingFrames: votes.frames,
            meanDistance: meanDistance, bestDistance: votes.bestDistance,
            votes: Dictionary(track.votes.values.map { ($0.entry?.key ?? "", $0.weight) }, uniquingKeysWith: +),
            unknownVotes: track.unknown.weight)
        let best = votes.best ?? track.anyBest
        return Pass(kind: .face, label: entry?.name, firstTime: track.first, lastTime: track.last,
                    bestFrame: best.frame, box: best.box, confidence: meanDistance.map { max(0, 1 - $0) } ?? 0,
                    frames: track.frames, matchingFrames: votes.frames, keepsCrop: true, details: details.json,
                    incident: entry.map { IncidentDraft(subject: $0.name, watchlist: $0.list, reason: $0.reason, severity: $0.severity) })
    }
}

/// One face followed across frames: running vote totals per identity, with each identity's best frame.
struct FaceTrack {
    struct Best {
        let frame: Frame
        let box: Box
        let weight: Double
    }

    struct Votes {
        var entry: FaceWatchlist.Entry?
        var weight = 0.0
        var frames = 0
        var distanceSum = 0.0
        var distances = 0
        var bestDistance: Double?
        var best: Best?

        mutating func add(distance: Double?, weight: Double, frame: Frame, box: Box) {
            self.weight += weight
            frames += 1
            if let distance {
                distanceSum += distance
                distances += 1
                bestDistance = min(bestDistance ?? distance, distance)
            }
            if weight > best?.weight ?? -1 { best = Best(frame: frame, box: box, weight: weight) }
        }
    }

    let first: Double
    var last: Double
    var box: Box
    var frames = 0
    /// Votes per identity key (list/name).
    var votes: [String: Votes] = [:]
    var unknown = Votes()
    /// Sum of the frames' embeddings (when the stage gives them): a running sum, not a list, keeps memory bounded.
    var embeddingSum: [Float]?
    var embeddings = 0
    /// The last few embeddings, to tell whether the next face is still this person.
    var recent: [FaceEmbedding] = []
    static let recentLimit = 5

    init(first: Double, box: Box) {
        self.first = first
        last = first
        self.box = box
    }

    mutating func add(_ face: FaceObservation?, weight: Double, frame: Frame, box: Box) {
        frames += 1
        last = frame.time
        self.box = box
        let distance = face?.match?.distance ?? face?.nearestDistance
        if let embedding = face?.embedding {
            embeddingSum = zip(embeddingSum ?? Array(repeating: 0, count: FaceEmbedding.dimensions), embedding.values).map(+)
            embeddings += 1
            recent.append(embedding)
            if recent.count > Self.recentLimit { recent.removeFirst() }
        }
        if let identity = face?.identity {
            votes[identity.key, default: Votes(entry: identity)].add(distance: distance, weight: weight, frame: frame, box: box)
        } else {
            unknown.add(distance: distance, weight: weight, frame: frame, box: box)
        }
    }

    /// Whether a face with this embedding may be this track's person: near one of its recent faces. A face or a
    /// track without embeddings (blurred, or nothing embedded yet) is judged by place alone.
    func mayContinue(with embedding: FaceEmbedding?, within distance: Double) -> Bool {
        guard let embedding, !recent.isEmpty else { return true }
        return recent.contains { $0.distance(to: embedding) <= distance }
    }

    /// The mean of the frames' embeddings: steadier than any one frame's (pose, blur, light change along a pass).
    var meanEmbedding: FaceEmbedding? {
        guard let embeddingSum, embeddings > 0 else { return nil }
        return FaceEmbedding(embeddingSum.map { $0 / Float(embeddings) })
    }

    /// The heaviest frame of any vote (every track has at least one).
    var anyBest: Best {
        (votes.values.compactMap(\.best) + [unknown.best].compactMap { $0 }).max { $0.weight < $1.weight }!
    }
}

/// How a face track was decided, stored with its sighting.
struct FaceDecision: Codable {
    let identity: String?
    let list: String?
    let frames: Int
    let matchingFrames: Int
    let meanDistance: Double?
    let bestDistance: Double?
    let votes: [String: Double]
    let unknownVotes: Double

    var json: String? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) }
    }
}

extension Array {
    /// (elements matching, elements not matching), each in order.
    func partitioned(by matches: (Element) -> Bool) -> ([Element], [Element]) {
        var yes: [Element] = [], no: [Element] = []
        for element in self { if matches(element) { yes.append(element) } else { no.append(element) } }
        return (yes, no)
    }
}
