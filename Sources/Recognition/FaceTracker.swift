public import Media
public import Pipeline
public import Incidents
import Foundation

/// Settings of the per-track face decision.
public struct FaceTrackSettings: Sendable {
    /// A track not seen for this long has ended.
    public var maximumGap = 1.0
    /// Box overlap (IoU) for a face to continue a track.
    public var minimumOverlap = 0.2
    /// An identity needs at least this many matching frames in the track.
    public var minimumFrames = 2
    /// Face area counts in the vote up to this many pixels (a close-up is not worth ten frames).
    public var areaCap = 40_000
    /// Record tracks that match no one as sightings without a label (off: privacy).
    public var keepUnknown = false

    public init() {}
}

/// Follows faces across sampled frames and decides each track's identity by vote, once, when it ends.
///
/// Each frame's face votes for its matched identity (or "unknown") with its area as weight. The track is
/// that identity only if it has `minimumFrames` matches, outweighs every other identity (ties are refused)
/// and outweighs the unknown votes. One decision per track gives one sighting, and for a watchlist hit one incident.
public struct FaceTracker: Tracker {
    public let kind = Sighting.Kind.face
    private let watchlist: FaceWatchlist
    private let settings: FaceTrackSettings
    private var tracks: [Track] = []

    private struct Observation {
        let entry: Int?
        let distance: Double?
        let weight: Double
        let frame: Frame
        let box: Box
    }

    private struct Track {
        var observations: [Observation]
        var last: Double
        var box: Box
    }

    public init(watchlist: FaceWatchlist, settings: FaceTrackSettings = .init()) {
        self.watchlist = watchlist
        self.settings = settings
    }

    public mutating func update(_ frame: Frame, detections: [Detection]) -> [Pass] {
        let (ended, open) = tracks.partitioned { frame.time - $0.last > settings.maximumGap }
        tracks = open
        var claimed = Set<Int>()
        for detection in detections.sorted(by: { $0.box.area > $1.box.area }) {
            let observation = observe(detection, in: frame)
            let candidates = tracks.indices.filter { !claimed.contains($0) && tracks[$0].last < frame.time }
            if let index = candidates.max(by: { tracks[$0].box.overlap(detection.box) < tracks[$1].box.overlap(detection.box) }),
               tracks[index].box.overlap(detection.box) >= settings.minimumOverlap {
                tracks[index].observations.append(observation)
                tracks[index].last = frame.time
                tracks[index].box = detection.box
                claimed.insert(index)
            } else {
                tracks.append(Track(observations: [observation], last: frame.time, box: detection.box))
                claimed.insert(tracks.count - 1)
            }
        }
        return ended.compactMap(decide)
    }

    public mutating func finish() -> [Pass] {
        defer { tracks = [] }
        return tracks.compactMap(decide)
    }

    private func observe(_ detection: Detection, in frame: Frame) -> Observation {
        let face = detection.payload as? FaceObservation
        return Observation(entry: face?.match?.entry, distance: face?.match?.distance ?? face?.nearestDistance,
                           weight: Double(min(detection.box.area, settings.areaCap)), frame: frame, box: detection.box)
    }

    private func decide(_ track: Track) -> Pass? {
        var weights: [Int: Double] = [:], counts: [Int: Int] = [:]
        var unknown = 0.0
        for observation in track.observations {
            if let entry = observation.entry {
                weights[entry, default: 0] += observation.weight
                counts[entry, default: 0] += 1
            } else {
                unknown += observation.weight
            }
        }
        let ranked = weights.sorted { $0.value > $1.value }
        if let (winner, weight) = ranked.first, counts[winner, default: 0] >= settings.minimumFrames,
           ranked.count < 2 || weight > ranked[1].value, weight >= unknown {
            return pass(for: track, identity: winner, votes: weights.mapValues { $0 }, unknown: unknown)
        }
        guard settings.keepUnknown, track.observations.count >= settings.minimumFrames else { return nil }
        return pass(for: track, identity: nil, votes: weights, unknown: unknown)
    }

    private func pass(for track: Track, identity: Int?, votes: [Int: Double], unknown: Double) -> Pass {
        let matching = track.observations.filter { $0.entry == identity }
        let best = matching.max { $0.weight < $1.weight } ?? track.observations[0]
        let distances = matching.compactMap(\.distance)
        let meanDistance = distances.isEmpty ? nil : distances.reduce(0, +) / Double(distances.count)
        let entry = identity.map { watchlist.entries[$0] }
        let details = FaceDecision(
            identity: entry?.name, list: entry?.list, frames: track.observations.count, matchingFrames: matching.count,
            meanDistance: meanDistance, bestDistance: distances.min(),
            votes: Dictionary(uniqueKeysWithValues: votes.map { (watchlist.entries[$0.key].name, $0.value) }), unknownVotes: unknown)
        return Pass(kind: .face, label: entry?.name, firstTime: track.observations[0].frame.time, lastTime: track.last,
                    bestFrame: best.frame, box: best.box, confidence: meanDistance.map { max(0, 1 - $0) } ?? 0,
                    frames: track.observations.count, matchingFrames: matching.count, keepsCrop: true, details: details.json,
                    incident: entry.map { IncidentDraft(subject: $0.name, watchlist: $0.list, reason: $0.reason, severity: $0.severity) })
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
