import Foundation

/// Outbox tests across processes: a dispatch configuration, drill incidents raised through the CLI, and a
/// SIGTERM whose aftermath is measured.
public enum DispatchDrills {
    /// A command centre per URL, and one rule sending every incident to all of them.
    public static func config(urls: [String]) throws -> String {
        let path = try temporaryDirectory("outbox-config").appendingPathComponent("dispatch.yaml").path
        let forces = urls.enumerated().map { i, url in
            "  - {id: centre-\(i), name: Centre \(i), type: command_centre, webhook: {url: \"\(url)\", secret: 0123456789abcdef0123}}"
        }
        let yaml = "forces:\n\(forces.joined(separator: "\n"))\nrules:\n  - {name: all, send: [{type: command_centre}], acknowledge_within: 3600}\n"
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Runs the CLI to completion.
    public static func sharpeyes(_ arguments: [String], timeout: Double = 60) async throws -> ChildProcess {
        let child = try await ChildProcess.start(SharpEyesBinary.path, arguments)
        await child.exit(timeout: timeout)
        return child
    }

    /// Raises `incidents` drill incidents and delivers none of their messages; the failures' stderr, if any.
    public static func seed(config: String, db: String, incidents: Int) async throws -> [String] {
        var failures: [String] = []
        for i in 0..<incidents {
            let drill = try await sharpeyes(["dispatch", "drill", "--config", config, "--db", db, "--camera", "gate-1",
                                             "--subject", "黑A\(20000 + i)", "--deliver-for", "0"])
            if drill.status != 0 { failures.append(drill.stderr) }
        }
        return failures
    }

    /// Sends SIGTERM; returns the exit status, how long the exit took (killed after 30 s), and how many sends
    /// the process finished (recorded an outcome for) after the signal.
    public static func terminate(_ child: ChildProcess) async -> (status: Int32, seconds: Double, finishedAfter: Int) {
        let start = ContinuousClock.now, logged = child.stderr.count
        child.signal(SIGTERM)
        let status = await child.exit(timeout: 30)
        let after = child.stderr.dropFirst(logged)
        let finished = after.components(separatedBy: "delivered order").count + after.components(separatedBy: "failed (attempt").count - 2
        let elapsed = ContinuousClock.now - start
        return (status, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, finished)
    }

    /// Waits up to `seconds` for `condition`, checking it every 100 ms.
    public static func waitUntil(seconds: Double, _ condition: () throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while try !condition(), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(100)) }
        return try condition()
    }
}
