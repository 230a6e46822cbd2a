import ArgumentParser
import Foundation
import Incidents
import Seeding

extension SharpEyes {
    struct Dev: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Tools for developers: benchmark databases, drone footage.", subcommands: [Seed.self, MuxTelemetry.self])
    }
}

extension SharpEyes.Dev {
    /// Synchronous: one long bulk write in a one-shot process, so nothing is gained by an async run (and no thread
    /// of its own is needed).
    struct Seed: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fill a database with a city's realistic week for benchmarks: cameras, sightings, incidents, dispatch.",
            discussion: """
            Cars drive from camera to camera (their plates recur across cameras, sometimes misread), faces pass \
            checkpoints, hotlist and watchlist hits raise incidents with dispatch orders and their transitions. The \
            same options, --seed and --end write the same rows. A database that already holds sightings is refused unless \
            --append is given.
            """)

        @Option(help: "The SQLite database file to fill (created if missing).")
        var db: String

        @Option(help: "Cameras, within 20 km of central Harbin in 12 grids.")
        var cameras = 200

        @Option(help: "Sightings in all: 80% plate reads, 10% faces, 10% motion.")
        var sightings = 1_000_000

        @Option(help: "Incidents (hotlist plate and watchlist face hits), at most half the sightings.")
        var incidents = 10_000

        @Option(help: "Days before now that the sightings span.")
        var days = 7

        @Option(help: "Seed of the random generator.")
        var seed: UInt64 = 42

        @Option(help: ArgumentHelp("When the seeded week ends (ISO 8601, e.g. 2026-11-30T12:00:00Z); now by default.",
                                   discussion: "The same seed and end write the same rows; a different end shifts the times and redraws them."))
        var end: String?

        @Flag(help: "Add to a database that already holds sightings.")
        var append = false

        @Option(help: "Rows written per transaction.")
        var batch = 100_000

        /// The plan's own check names each field as its option is named, so its message serves here as it is.
        func validate() throws {
            guard (1...1_000_000).contains(batch) else { throw ValidationError("--batch must be 1 to 1000000, got \(batch)") }
            if let end, ISO8601DateFormatter().date(from: end) == nil {
                throw ValidationError("--end must be an ISO 8601 time like 2026-11-30T12:00:00Z, got '\(end)'")
            }
            if let problem = plan.problem { throw ValidationError("--" + problem) }
        }

        private var plan: SeedPlan {
            SeedPlan(cameras: cameras, sightings: sightings, incidents: incidents, days: days, seed: seed,
                     end: end.flatMap { ISO8601DateFormatter().date(from: $0) } ?? Date())
        }

        func run() throws {
            var seeder = Seeder(plan: plan)
            seeder.batch = batch
            let summary: SeedSummary
            do {
                summary = try seeder.seed(into: IncidentStore(path: db), append: append)
            } catch let error as SeedError where error == .notEmpty {
                throw CommandFailure("\(db) already holds sightings: give --append to add to them, or seed a new file")
            }
            print("seeded \(summary.cameras) cameras, \(summary.sightings) sightings (\(summary.plates) plates, \(summary.faces) faces, "
                + "\(summary.motion) motion), \(summary.incidents) incidents, \(summary.orders) orders, \(summary.transitions) "
                + "transitions into \(db) in \(String(format: "%.1f", summary.seconds)) s")
        }
    }
}
