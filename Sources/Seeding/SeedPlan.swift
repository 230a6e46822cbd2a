public import Foundation
import Incidents

/// What `sharpeyes dev seed` writes: how many rows of each kind, over which days, from which seed.
///
/// ```swift
/// let plan = SeedPlan(cameras: 200, sightings: 1_000_000, incidents: 10_000)
/// let summary = try Seeder(plan: plan).seed(into: IncidentStore(path: "bench.sqlite"))
/// ```
public struct SeedPlan: Sendable, Equatable {
    public var cameras: Int
    public var sightings: Int
    public var incidents: Int
    /// Sightings fall in the `days` before `end`.
    public var days: Int
    public var seed: UInt64
    public var end: Date

    /// Bounds that keep a seed within memory (the whole timeline is planned before it is written) and within reason.
    public static let maximumCameras = 10_000
    public static let maximumSightings = 20_000_000
    public static let maximumDays = 366
    /// Every incident is one sighting of a listed plate or face, so at most this share of the sightings can be one.
    public static let maximumIncidentShare = 0.5

    public init(cameras: Int, sightings: Int, incidents: Int, days: Int = 7, seed: UInt64 = 42, end: Date = Date()) {
        self.cameras = cameras
        self.sightings = sightings
        self.incidents = incidents
        self.days = days
        self.seed = seed
        self.end = end
    }

    /// What is wrong with the plan, in words a person can act on, starting with the field's name (the CLI's option
    /// names are the same); nil when it can be seeded.
    public var problem: String? {
        if !(0...Self.maximumCameras).contains(cameras) { return "cameras must be 0 to \(Self.maximumCameras), got \(cameras)" }
        if !(0...Self.maximumSightings).contains(sightings) {
            return "sightings must be 0 to \(Self.maximumSightings), got \(sightings)"
        }
        if !(1...Self.maximumDays).contains(days) { return "days must be 1 to \(Self.maximumDays), got \(days)" }
        if sightings > 0 && cameras == 0 { return "sightings need at least one camera, got cameras 0" }
        let maximumIncidents = Int(Double(sightings) * Self.maximumIncidentShare)
        if incidents < 0 || incidents > maximumIncidents {
            return "incidents must be 0 to half the sightings (\(maximumIncidents)), got \(incidents): each is a sighting of a listed plate or face"
        }
        return nil
    }

    /// Sightings of each kind: most are plate reads (ANPR logs every car), a tenth faces, a tenth motion.
    var faces: Int { sightings / 10 }
    var motion: Int { sightings / 10 }
    var plates: Int { sightings - faces - motion }
    /// A fifth of the incidents are face matches (each one a matched face sighting), the rest hotlist plate hits.
    var faceIncidents: Int { min(faces, incidents / 5) }
    var plateIncidents: Int { incidents - faceIncidents }

    /// Milliseconds since 1970 of the first and last instant of the timeline.
    var endMilliseconds: Int64 { Int64((end.timeIntervalSince1970 * 1000).rounded(.down)) }
    var startMilliseconds: Int64 { endMilliseconds - Int64(days) * 86_400_000 }
}
