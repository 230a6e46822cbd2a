import Foundation
import GRDB
public import Incidents

/// What a seed wrote, and how long it took.
public struct SeedSummary: Sendable, Equatable {
    public var cameras = 0
    public var plates = 0
    public var faces = 0
    public var motion = 0
    public var incidents = 0
    public var orders = 0
    public var transitions = 0
    /// Planning and writing, in seconds.
    public var seconds = 0.0

    public var sightings: Int { plates + faces + motion }
}

/// Fills a database with a city's week of realistic rows for benchmarks: cameras, plate reads of cars driving from
/// camera to camera, faces, motion, incidents with their dispatch orders and transitions. The same plan (seed
/// included) writes the same rows. Rows go in through the real schema, so its triggers fill the plate reads and the
/// event feed as they do for live data.
///
/// ```swift
/// let store = try IncidentStore(path: "bench.sqlite")
/// let summary = try Seeder(plan: SeedPlan(cameras: 200, sightings: 1_000_000, incidents: 10_000)).seed(into: store)
/// ```
public struct Seeder: Sendable {
    public let plan: SeedPlan
    /// Rows per transaction: large enough that commits cost nothing, small enough that a reader is not held long.
    public var batch = 100_000

    public init(plan: SeedPlan) { self.plan = plan }

    /// Plans the whole timeline, then writes it in time order.
    /// - Parameter append: seed a database that already holds sightings (refused otherwise, so a benchmark database
    ///   is not doubled by accident).
    public func seed(into store: IncidentStore, append: Bool = false) throws -> SeedSummary {
        let started = Date()
        if let problem = plan.problem { throw SeedError.badPlan(problem) }
        if !append, try store.writer.read({ db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM sighting)") }) == true {
            throw SeedError.notEmpty
        }
        var cityRandom = SplitMix64(seed: plan.seed)
        var timelineRandom = SplitMix64(seed: plan.seed ^ 0x7469_6D65)
        var incidentRandom = SplitMix64(seed: plan.seed ^ 0x696E_6369)
        let city = SeedCity(cameras: plan.cameras, random: &cityRandom)
        let timeline = SeedTimeline(plan: plan, city: city, random: &timelineRandom)
        let incidents = SeedIncidents(timeline: timeline, city: city, end: plan.endMilliseconds, random: &incidentRandom)
        var writer = SeedWriter(plan: plan, city: city, timeline: timeline, incidents: incidents)
        var summary = try store.writer.writeWithoutTransaction { db in try writer.write(db, batch: max(1, batch)) }
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }
}
