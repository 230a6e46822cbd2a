import ArgumentParser
import Foundation
import Incidents
import Logging
import PostgresStore
import Toolkit

/// The recording write on both back ends, in one run: cameras writing passes at once, each as the `Recorder` does
/// (one `record` call a pass: the sighting, its plate reads by trigger, and for a hit its incident, in one
/// transaction) — on SQLite from a thread per camera, on PostgreSQL through the pooled client with each write fenced
/// by the camera's lease epoch, as a leased node writes. Rounds alternate the back ends, so a burst of load on a
/// shared machine hits both.
struct BenchWrites: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "writes",
        abstract: "Sightings and incidents written per second through the SQLite and the PostgreSQL store, in one run.",
        discussion: """
        --sqlite names a new SQLite file; --storage a serve config whose storage: is an empty PostgreSQL database. \
        Each round writes --passes plate sightings (no hit) and then --passes hits that each raise a new incident, \
        from --writers cameras at once, first to SQLite, then to PostgreSQL.
        """)

    @Option(help: "The SQLite file to write (created; must not exist).")
    var sqlite: String

    @OptionGroup var storage: StorageOptions

    @Option(help: "Cameras writing at once.")
    var writers = 12

    @Option(help: "Passes of each kind per round and back end.")
    var passes = 3000

    @Option(help: "Rounds (each: SQLite, then PostgreSQL).")
    var rounds = 2

    @Option(help: "Connections in the PostgreSQL pool.")
    var connections = 20

    @Flag(help: "Print the result as one JSON object on the last line.")
    var json = false

    struct Row: Codable {
        var store: String
        var round: Int
        var work: String
        var writes: Int
        var seconds: Double
        var perSecond: Double
        var p50Milliseconds: Double
        var p99Milliseconds: Double
    }

    func validate() throws {
        guard (1...256).contains(writers), (1...1_000_000).contains(passes), (1...20).contains(rounds) else {
            throw ValidationError("--writers 1…256, --passes 1…1000000, --rounds 1…20")
        }
    }

    func run() async throws {
        guard !FileManager.default.fileExists(atPath: sqlite) else { throw CommandFailure("\(sqlite) exists: give a new file") }
        guard case .postgres(var configuration) = try await storage.resolved() else {
            throw CommandFailure("bench writes needs --storage with a postgres:// database")
        }
        configuration.maximumConnections = connections
        var logger = Logger(label: "sharpeyes.bench.writes")
        logger.logLevel = .critical
        let path = sqlite, writers = writers, passes = passes, rounds = rounds
        let local = try await Blocking.run { try IncidentStore(path: path) }
        let rows = try await PostgresStore.withStore(configuration, logger: logger) { shared in
            let cameras = try await WriteLoad.prepare(writers: writers, sqlite: local, postgres: shared)
            var rows: [Row] = []
            for round in 1...rounds {
                for work in WriteLoad.Work.allCases {
                    let load = WriteLoad(work: work, passes: passes, round: round)
                    let embedded = Self.row("sqlite", round, work, try await load.sqlite(local, cameras: cameras.ids))
                    print(embedded.line)
                    let central = Self.row("postgres", round, work, try await load.postgres(shared, cameras: cameras))
                    print(central.line)
                    rows += [embedded, central]
                }
            }
            return rows
        }
        if json { printJSONLine(rows) }
    }

    private static func row(_ store: String, _ round: Int, _ work: WriteLoad.Work, _ timed: WriteLoad.Timed) -> Row {
        let sorted = timed.latencies.sorted()
        func percentile(_ share: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * share))] * 1000 }
        return Row(store: store, round: round, work: work.rawValue, writes: sorted.count, seconds: timed.seconds,
                   perSecond: Double(sorted.count) / timed.seconds, p50Milliseconds: percentile(0.5),
                   p99Milliseconds: percentile(0.99))
    }
}

extension BenchWrites.Row {
    var line: String {
        "\(store) round \(round), \(work): \(writes) in \(fixed(seconds, 2)) s = \(fixed(perSecond, 0))/s "
            + "(a write p50 \(fixed(p50Milliseconds, 2)) ms, p99 \(fixed(p99Milliseconds, 2)) ms)"
    }
}
