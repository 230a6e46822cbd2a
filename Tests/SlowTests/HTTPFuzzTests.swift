import Foundation
import TestSupport
import Testing

/// A sample of Benchmarks/fuzz-http.sh's hostile corpus (200 requests of every category, seed 27) against a real
/// `sharpeyes serve` on loopback, through the same driver: no answer 5xx, no request left hanging more than 2 s after
/// its last byte, and the server's file descriptors (but the database pool's readers, opened as needed) back to their
/// count before the run.
@Suite(.childProcesses)
struct HTTPFuzzTests {
    @Test func twoHundredHostileRequestsGetNo5xxNoHangAndLeakNoDescriptor() async throws {
        let out = try temporaryDirectory("fuzz-http").appendingPathComponent("result.json")
        let child = try await ChildProcess.start("/usr/bin/python3", [
            Fixtures.packageRoot.appendingPathComponent("Benchmarks/fuzz_http.py").path, "--binary", SharpEyesBinary.path,
            "--requests", "200", "--seed", "27", "--jobs", "4", "--json", out.path,
        ])
        let status = await child.exit(timeout: 600)
        let result = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [String: Any],
                                  "no result: \(child.stderr.suffix(3000))")
        let report = "\(child.stdout.suffix(4000))\n\(child.stderr.suffix(2000))"
        #expect(result["requests"] as? Int == 200)
        #expect(result["5xx"] as? Int == 0, "\(report)")
        #expect(result["hangs"] as? Int == 0, "\(report)")
        let fds = try #require(result["fds"] as? [String: Any])
        let before = try #require(fds["before"] as? Int), after = try #require(fds["after"] as? Int)
        #expect(after <= before, "descriptors: \(before) before the run, \(after) after")
        #expect(result["server_alive"] as? Bool == true)
        #expect(status == 0, "\(report)")
    }
}
