import Foundation
import Glibc
import PostgresStore
import TestSupport
import Testing

extension PostgresNode {
    /// Starts the node and waits until it answers `/health`; fails the test (with its log) when it does not.
    func startServing(within seconds: Double = 90) async throws -> ChildProcess {
        let server = try await start()
        let up = await server.waitUntil(seconds) { server in
            guard server.status == nil else { return true }
            return await httpGet("\(base)/health").status == 200
        }
        try #require(up && server.status == nil, "node on port \(port) did not come up: \(server.stderr.suffix(1500))")
        return server
    }

    /// A token of `role` in the shared store, made by `token create --storage`.
    func createToken(role: String) async throws -> String {
        let created = try await SharpEyesBinary.run(["token", "create", "--storage", config.path, "--role", role, "--name", "tests-\(role)"],
                                                    environment: environment)
        try #require(created.status == 0, "\(created.stderr)")
        return String(created.stdout.split(separator: "\n").last ?? "")
    }
}

extension PostgresTestDatabase {
    /// The rows of a read-only query against this database, every column as text.
    /// The test's reads wait up to a minute for a connection (the store's 10 s is for a node: a test's cluster on two
    /// cores beside three nodes and a build once took longer).
    func textRows(_ sql: String) async throws -> [[String?]] {
        var patient = configuration
        patient.connectionTimeout = .seconds(60)
        return try await PostgresStore.withStore(patient, logger: quietLogger, migrate: false) { try await $0.textRows(sql) }
    }
}

/// Seconds from `start` to now, on the monotonic clock.
func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

/// Waits up to `seconds` for `condition`, looking every 100 ms; whether it held.
func waitUntil(_ seconds: Double, _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(100))
    }
    return try await condition()
}
