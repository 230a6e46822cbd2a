import Foundation

/// The eagle-eye and drone fixtures, made on first use by `Fixtures/eagle/make-eagle-fixtures.sh` (several MB,
/// so not committed) and kept in `Fixtures/eagle/generated/` for later runs. `scripts/test.sh` makes them before the
/// tests: made here, on first use, the wait holds a thread of the concurrency pool.
public enum GeneratedFixtures {
    private static let lock = NSLock()

    /// 3 s of 3840x2160 at 10 fps with three faces and four plates pasted small; see `eagleTruth`.
    public static var eagle4K: String { get throws { try ensure("eagle-4k.mp4") } }
    public static var eagleTruth: String { get throws { try ensure("eagle-truth.json") } }
    /// 4 s of 1280x720 nadir drone view without telemetry, and the flight log that goes with it.
    public static var droneVideo: String { get throws { try ensure("drone-video.mp4") } }
    public static var droneFlight: String { get throws { try ensure("drone-flight.json") } }
    /// The drone video in MPEG-TS with its KLV telemetry, written by `sharpeyes dev mux-telemetry`.
    public static var drone: String { get throws { try ensure("drone.ts") } }

    /// The generated file's path, running the script first when it is missing.
    static func ensure(_ name: String) throws -> String {
        let path = Fixtures.path("eagle/generated/\(name)")
        lock.lock()
        defer { lock.unlock() }
        if FileManager.default.fileExists(atPath: path) { return path }
        let script = Fixtures.path("eagle/make-eagle-fixtures.sh")
        let child = try ChildProcess("/usr/bin/env", ["SHARPEYES=\(SharpEyesBinary.path)", script])
        let status = child.wait(timeout: 600)
        guard status == 0, FileManager.default.fileExists(atPath: path) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "\(script) did not make \(name): \(child.stderr)"])
        }
        return path
    }
}
