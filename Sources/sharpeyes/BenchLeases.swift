import ArgumentParser
import Foundation
import Logging
import PostgresStore

/// Camera leases at a city's scale (#22), against a real PostgreSQL with the real lease SQL: many nodes, each a task
/// making a lease keeper's rounds, multiplexed over one bounded connection pool (a server allows 100 connections by
/// default; 300 real nodes would hold a pool each, so this is the lighter load on connections and the same load on
/// rows and statements).
struct BenchLeases: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "leases",
        abstract: "Simulate many nodes sharing cameras by leases on a PostgreSQL database; print claims, renewals, takeovers and the database's load.",
        discussion: """
        Give an empty PostgreSQL database through --storage (a serve config whose storage: is postgres://). The run \
        adds NODES × CAMERAS shared cameras, starts every node at once (cold start), measures a steady stretch, then \
        kills a tenth of the nodes and measures until their cameras run elsewhere. --postgres-pid (the first line of \
        the cluster's postmaster.pid) adds the server's CPU from /proc.
        """)

    @OptionGroup var storage: StorageOptions

    @Option(help: "Simulated nodes.")
    var nodes = 300

    @Option(help: "Cameras per node: the shared cameras are nodes × this.")
    var cameras = 12

    @Option(help: "Cameras a node may hold: above --cameras, so the survivors can take a dead node's share.")
    var capacity = 14

    @Option(help: "Lease length in seconds (serve's lease_seconds); rounds every third of it.")
    var ttl = 15.0

    @Option(help: "Connections in the pool the nodes share.")
    var connections = 40

    @Option(help: "Seconds of the steady stretch.")
    var steady = 30.0

    @Option(help: "Share of the nodes killed after the steady stretch.")
    var kill = 0.1

    @Option(help: "The PostgreSQL postmaster's pid, for the server's CPU.")
    var postgresPid: Int32?

    @Flag(help: "Leave out the read of the shared cameras' definitions that each round of a node holding cameras makes.")
    var noDefinitions = false

    @Flag(help: "Print the result as one JSON object on the last line.")
    var json = false

    struct Result: Codable {
        var nodes: Int
        var cameras: Int
        var capacity: Int
        var ttlSeconds: Double
        var connections: Int
        var readsDefinitions: Bool
        var phases: [LeasePhase]
        /// The database's CPU per node round in the steady stretch, in milliseconds.
        var databaseMillisecondsPerRound: Double?
        /// Nodes at which the rounds alone would keep one core of the database busy, at this TTL.
        var nodesPerDatabaseCore: Double?
    }

    func validate() throws {
        guard (1...100_000).contains(nodes), (1...1000).contains(cameras), (1...10_000).contains(capacity) else {
            throw ValidationError("--nodes 1…100000, --cameras 1…1000 and --capacity 1…10000")
        }
        guard (3...300).contains(ttl) else { throw ValidationError("--ttl must be 3 to 300 seconds, got \(ttl)") }
        guard (1...1000).contains(connections) else { throw ValidationError("--connections must be 1 to 1000") }
        guard (0..<1).contains(kill), steady > 0 else { throw ValidationError("--kill must be 0 to below 1, --steady above 0") }
    }

    func run() async throws {
        guard case .postgres(var configuration) = try await storage.resolved() else {
            throw CommandFailure("bench leases runs on PostgreSQL: give --storage a config whose database is postgres://…")
        }
        configuration.maximumConnections = connections
        configuration.connectionTimeout = .seconds(60)
        var logger = Logger(label: "sharpeyes.bench.leases")
        logger.logLevel = .critical
        print("\(nodes) nodes × \(cameras) cameras (\(nodes * cameras)), capacity \(capacity), TTL \(fixed(ttl, 0)) s "
            + "(rounds every \(fixed(ttl / 3, 1)) s), \(connections) connections, definitions read \(noDefinitions ? "never" : "every round")")
        let simulation = LeaseRun(nodes: nodes, camerasPerNode: cameras, capacity: capacity, ttl: ttl, steady: steady,
                                  killShare: kill, readsDefinitions: !noDefinitions, postgresPid: postgresPid,
                                  report: { print($0) })
        let phases = try await PostgresStore.withStore(configuration, logger: logger) { store in
            try await simulation.run(on: store)
        }
        let result = summary(phases)
        if let cost = result.databaseMillisecondsPerRound, let perCore = result.nodesPerDatabaseCore {
            print("database CPU per node round: \(fixed(cost, 2)) ms; one database core holds about \(Int(perCore)) nodes' rounds at TTL \(fixed(ttl, 0)) s")
        }
        if json { printJSONLine(result) }
    }

    private func summary(_ phases: [LeasePhase]) -> Result {
        let steady = phases.first { $0.name == "steady" }
        let cost = steady.flatMap { phase in phase.databaseCores.map { $0 / max(phase.roundsPerSecond, 1e-9) * 1000 } }
        return Result(nodes: nodes, cameras: nodes * cameras, capacity: capacity, ttlSeconds: ttl, connections: connections,
                      readsDefinitions: !noDefinitions, phases: phases, databaseMillisecondsPerRound: cost,
                      nodesPerDatabaseCore: cost.map { 1000 / $0 * ttl / 3 })
    }
}
