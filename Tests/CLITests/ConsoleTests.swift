import Foundation
import TestSupport
import Testing

/// The web console in a real browser: `scripts/check-console.py` seeds a database, runs `serve` with a real-time
/// camera and drives headless chromium through chromium-driver (live alert with thumbnails, keyboard open and
/// acknowledge, a filter that narrows the history, the CSV export, a trajectory over three cameras or more, a grid
/// worker who sees no names or rule names, sign-in without a token; on a shift: the new-alert banner and title badge
/// on History within 1 s of the commit, the tone's unlock banner after a reload, the incident page following another
/// token's acknowledgement within 1 s, the outage banner within 2 s and every page back without a reload, a phone
/// signed in with a pairing code and a tap to acknowledge, no horizontal scroll at 360 px, the map, the live filters).
/// Its screenshots go to a temporary folder here; the ones in Benchmarks/results/console are from a run by hand.
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
