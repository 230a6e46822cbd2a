import Foundation

/// The eagle-eye and drone fixtures, made on first use by `Fixtures/eagle/make-eagle-fixtures.sh` (several MB,
/// so not committed) and kept in `Fixtures/eagle/generated/` for later runs. `scripts/test.sh` makes them before the
/// tests; made here, the first test to ask runs the script and the others wait for it.
public enum GeneratedFixtures {
    /// 3 s of 3840x2160 at 10 fps with three faces and four plates pasted small; see `eagleTruth`.
    public static var eagle4K: String { get async throws { try await ensure("eagle-4k.mp4") } }
    public static var eagleTruth: String { get async throws { try await ensure("eagle-truth.json") } }
    /// 4 s of 1280x720 nadir drone view without telemetry, and the flight log that goes with it.
    public static var droneVideo: String { get async throws { try await ensure("drone-video.mp4") } }
    public static var droneFlight: String { get async throws { try await ensure("drone-flight.json") } }
    /// The drone video in MPEG-TS with its KLV telemetry, written by `sharpeyes dev mux-telemetry`.
    public static var drone: String { get async throws { try await ensure("drone.ts") } }

    private static let names = ["eagle-4k.mp4", "eagle-truth.json", "drone-video.mp4", "drone-flight.json", "drone.ts"]

    /// Set once every file is there: the script ran (at most once per process) when one was missing.
    private static let made = Lazily<Void> {
        guard !names.allSatisfy({ FileManager.default.fileExists(atPath: path($0)) }) else { return }
        let script = Fixtures.path("eagle/make-eagle-fixtures.sh")
        let child = try await ChildProcess.start("/usr/bin/env", ["SHARPEYES=\(SharpEyesBinary.path)", script])
        guard await child.exit(timeout: 600) == 0 else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "\(script) failed: \(child.stderr)"])
        }
    }

    private static func path(_ name: String) -> String { Fixtures.path("eagle/generated/\(name)") }

    /// The generated file's path, once the script has made what was missing.
    static func ensure(_ name: String) async throws -> String {
        try await made.value
        guard FileManager.default.fileExists(atPath: path(name)) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "make-eagle-fixtures.sh did not make \(name)"])
        }
        return path(name)
    }
}
