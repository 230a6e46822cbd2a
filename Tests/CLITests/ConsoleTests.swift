import Foundation
import TestSupport
import Testing

/// The web console in a real browser: `scripts/check-console.py` seeds a database, runs `serve` with a real-time
/// camera and drives headless chromium through chromium-driver (live alert with thumbnails, keyboard open and
/// acknowledge, a filter that narrows the history, the CSV export, a trajectory over three cameras or more, a grid
/// worker who sees no names, sign-in without a token). Its screenshots go to a temporary folder here; the ones in
/// Benchmarks/results/console are from a run by hand.
@Suite(.childProcesses)
struct ConsoleTests {
    @Test func theConsolePassesItsBrowserCheck() async throws {
        let root = Fixtures.packageRoot
        let out = try temporaryDirectory("console")
        let child = try await ChildProcess.start(root.appendingPathComponent(".venv-tools/bin/python3").path, [
            root.appendingPathComponent("scripts/check-console.py").path, "--binary", SharpEyesBinary.path, "--out", out.path,
        ])
        let status = await child.exit(timeout: 600)
        #expect(status == 0, "exit \(status):\n\(child.stdout.suffix(6000))\n\(child.stderr.suffix(3000))")
    }
}
