import Foundation
import Media
import PostgresStore

/// The simulation's course: a cold start of every node at once (each first round at a random moment of its first
/// interval), a steady stretch, then a tenth of the nodes killed (their leases left to expire), each measured.
struct LeaseRun {
    var nodes: Int
    var camerasPerNode: Int
    var capacity: Int
    var ttl: Double
    var steady: Double
    var killShare: Double
    var readsDefinitions: Bool
    /// The postmaster's pid, for the server's CPU from /proc; nil leaves it unmeasured.
    var postgresPid: Int32?
    var report: @Sendable (String) -> Void

    private var interval: Double { ttl / 3 }
    private var cameras: Int { nodes * camerasPerNode }

    func run(on store: PostgresStore) async throws -> [LeasePhase] {
        guard try await store.sharedCameras().isEmpty else {
            throw CommandFailure("bench leases needs a database with no shared cameras: it adds \(cameras) of its own")
        }
        try await store.importCameras((0..<cameras).map { index in
            let id = String(format: "sim-%05d", index)
            return (id, "{id: \(id), name: Simulated \(index), kind: file, url: /dev/null}")
        })
        let tally = LeaseTally()
        let simulated = (0..<nodes).map { index in
            SimulatedNode(id: String(format: "node-%04d", index), capacity: capacity, ttl: ttl,
                          readsDefinitions: readsDefinitions, store: store, tally: tally)
        }
        var tasks = simulated.map { node in
            Task { await node.run(after: .milliseconds(Int64.random(in: 0..<Int64(interval * 1000)))) }
        }
        defer { tasks.forEach { $0.cancel() } }
        var live = simulated
        var phases: [LeasePhase] = []
        let settled = 3 * interval
        phases.append(try await measure("cold start", live: { live }, store, tally, until: settled, atMost: 120 + 10 * interval))
        phases.append(try await measure("steady", live: { live }, store, tally, until: nil, atMost: steady))
        let killed = Set(simulated.indices.shuffled().prefix(Int((Double(nodes) * killShare).rounded())))
        for index in killed { tasks[index].cancel() }
        tasks = tasks.enumerated().filter { !killed.contains($0.offset) }.map(\.element)
        live = simulated.enumerated().filter { !killed.contains($0.offset) }.map(\.element)
        report("killed \(killed.count) of \(nodes) nodes (their leases left to expire)")
        phases.append(try await measure("after \(killed.count) nodes died", live: { live }, store, tally, until: settled,
                                        atMost: 60 + 3 * ttl))
        return phases
    }

    /// Measures until every camera has run on a live node for `until` seconds without a gap (nil: for `atMost`),
    /// `atMost` seconds at the longest.
    private func measure(_ name: String, live: () -> [SimulatedNode], _ store: PostgresStore, _ tally: LeaseTally,
                         until settled: Double?, atMost: Double) async throws -> LeasePhase {
        let before = (counts: tally.snapshot, activity: try await store.serverActivity(),
                      database: postgresPid.flatMap(ProcessCPU.server), own: ProcessCPU.own)
        let start = ContinuousClock.now
        var first: Double?, stable: Double?, twice = 0
        while true {
            let elapsed = (ContinuousClock.now - start).seconds
            let (running, doubled) = Self.running(live())
            twice = max(twice, doubled)
            if running == cameras {
                if first == nil { first = elapsed }
                if stable == nil { stable = elapsed }
            } else {
                stable = nil
            }
            if elapsed >= atMost { break }
            if let settled, let since = stable, elapsed - since >= settled { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        let seconds = (ContinuousClock.now - start).seconds
        let after = (counts: tally.snapshot, activity: try await store.serverActivity(),
                     database: postgresPid.flatMap(ProcessCPU.server), own: ProcessCPU.own)
        let counts = after.counts - before.counts
        let database = before.database.flatMap { start in after.database.map { ($0 - start) / seconds } }
        let phase = LeasePhase(name: name, seconds: seconds, counts: counts, first: first, stable: stable, twice: twice,
                               commits: Double(after.activity.commits - before.activity.commits) / seconds,
                               databaseCores: database, simulatorCores: (after.own - before.own) / seconds)
        report(phase.line)
        return phase
    }

    /// Cameras running on some live node, and how many of them run on two.
    private static func running(_ nodes: [SimulatedNode]) -> (Int, Int) {
        var seen = Set<String>(), twice = 0
        let now = ContinuousClock.now
        for node in nodes {
            for camera in node.running(at: now) where !seen.insert(camera).inserted { twice += 1 }
        }
        return (seen.count, twice)
    }
}

extension LeasePhase {
    init(name: String, seconds: Double, counts: LeaseTally.Counts, first: Double?, stable: Double?, twice: Int,
         commits: Double, databaseCores: Double?, simulatorCores: Double) {
        let rounds = counts.roundSeconds.sorted()
        func percentile(_ share: Double) -> Double {
            rounds.isEmpty ? 0 : rounds[min(rounds.count - 1, Int(Double(rounds.count) * share))] * 1000
        }
        self.init(name: name, seconds: seconds, allRunningAfter: first, stableAfter: stable, mostRunningTwice: twice,
                  rounds: counts.rounds, failedRounds: counts.failedRounds, claims: counts.claims, takeovers: counts.takeovers,
                  renewals: counts.renewals, lost: counts.lost, roundsPerSecond: Double(counts.rounds) / seconds,
                  claimsPerSecond: Double(counts.claims) / seconds, takeoversPerSecond: Double(counts.takeovers) / seconds,
                  renewalsPerSecond: Double(counts.renewals) / seconds, roundP50Milliseconds: percentile(0.5),
                  roundP99Milliseconds: percentile(0.99), roundMaxMilliseconds: (rounds.last ?? 0) * 1000,
                  commitsPerSecond: commits, databaseCores: databaseCores, simulatorCores: simulatorCores)
    }
}
