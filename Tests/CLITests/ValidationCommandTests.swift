import Foundation
import Recognition
import TestSupport
import Testing

/// Arguments and sources the CLI must refuse with a usage error or a clear message, before anything is stored,
/// sent or left blocking.
@Suite(.serialized, .childProcesses)
struct ValidationCommandTests {
    /// A dispatch config with one force and no webhook: a drill stores orders and sends nothing.
    private func dispatchConfig() throws -> (config: String, db: String) {
        let folder = try temporaryDirectory("validation")
        let config = folder.appendingPathComponent("dispatch.yaml").path
        try """
        forces: [{id: patrol-1, name: P1, type: patrol, position: [45.762, 126.652]}]
        rules: [{name: all, send: [{type: patrol, units: 1}], acknowledge_within: 600}]
        """.write(toFile: config, atomically: true, encoding: .utf8)
        return (config, folder.appendingPathComponent("db.sqlite").path)
    }

    @Test(arguments: ["bogus", "HIGH", ""])
    func aDrillWithAnUnknownSeverityIsAUsageError(severity: String) async throws {
        let (config, db) = try dispatchConfig()
        let run = try await SharpEyesBinary.run(["dispatch", "drill", "--config", config, "--db", db, "--camera", "gate-1",
                                                 "--subject", "黑A12345", "--severity", severity, "--deliver-for", "0"])
        #expect(run.status == 1, "\(run.stdout) \(run.stderr)")
        #expect(run.stderr.contains("severity must be low, medium, high or critical"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: db), "nothing stored")
    }

    @Test(arguments: ["nan", "-1", "-inf"])
    func deliverWithATimeoutThatIsNotADurationIsAUsageError(timeout: String) async throws {
        let (_, db) = try dispatchConfig()
        let run = try await SharpEyesBinary.run(["dispatch", "deliver", "--db", db, "--timeout=\(timeout)"])
        #expect(run.status == 1, "\(run.stdout) \(run.stderr)")
        #expect(run.stderr.contains("--timeout must be 0 or more seconds"), "\(run.stderr)")
    }

    /// A value just outside each of the library's ranges, as an `analyze` flag and as its `recognition:` key.
    static let outOfRange: [(flag: String, key: String, value: String)] = [
        ("--face-tolerance", "face_tolerance", "\(FaceSettings.toleranceRange.upperBound + 0.1)"),
        ("--face-upsample", "face_upsample", "\(FaceSettings.upsampleRange.upperBound + 1)"),
        ("--face-small-size", "face_small_size", "\(FaceSettings.smallFaceSizeRange.lowerBound - 1)"),
        ("--face-track-distance", "face_track_distance", "\(FaceTrackSettings.maximumEmbeddingDistanceRange.lowerBound - 0.1)"),
        ("--plate-confusions", "plate_confusions", "\(PlateHotlist.confusionsRange.upperBound + 1)"),
    ]

    /// `analyze` (ArgumentParser's `validate()`) and `serve`'s config reader cite the same library ranges.
    @Test(arguments: outOfRange)
    func analyzeAndTheConfigRefuseTheSameValues(flag: String, key: String, value: String) async throws {
        let folder = try temporaryDirectory("validation")
        let db = folder.appendingPathComponent("db.sqlite").path
        let analyze = try await SharpEyesBinary.run(["analyze", Fixtures.hamilton, "--db", db, "\(flag)=\(value)"])
        #expect(analyze.status == 1 && analyze.stderr.contains("error: \(flag) must be"), "\(analyze.stderr)")
        #expect(!FileManager.default.fileExists(atPath: db), "nothing stored")
        let config = folder.appendingPathComponent("sharpeyes.yaml").path
        try "storage: {database: \(db)}\nrecognition: {\(key): \(value)}\n".write(toFile: config, atomically: true, encoding: .utf8)
        let check = try await SharpEyesBinary.run(["config", "check", config])
        #expect(check.status == 1 && check.stderr.contains("recognition.\(key): must be"), "\(check.stderr)")
    }

    /// Commands throw; `Main` alone prints: one `error:` line, exit status 1, no usage hint for a failure that is
    /// not a usage error.
    @Test(arguments: [
        (["token", "revoke", "nobody"], "error: no live token 'nobody'"),
        (["watchlist", "remove-plate", "XYZ123"], "error: XYZ123 is not on the hotlist"),
        (["watchlist", "import-plates", "/nonexistent/plates.csv"], "error: cannot read /nonexistent/plates.csv: "),
    ])
    func aFailingCommandPrintsOneErrorLine(arguments: [String], message: String) async throws {
        let db = try temporaryDirectory("validation").appendingPathComponent("db.sqlite").path
        let run = try await SharpEyesBinary.run(arguments + ["--db", db])
        #expect(run.status == 1, "\(run.stdout) \(run.stderr)")
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix(message), "\(run.stderr)")
    }

    @Test func configCheckRefusesADatabaseThatIsNotAFile() async throws {
        let file = try temporaryDirectory("validation").appendingPathComponent("sharpeyes.yaml").path
        try "storage: {database: /dev/null}\n".write(toFile: file, atomically: true, encoding: .utf8)
        let run = try await SharpEyesBinary.run(["config", "check", file])
        #expect(run.status == 1)
        #expect(run.stderr.contains("storage.database: '/dev/null' is not a regular file"), "\(run.stderr)")
    }

    @Test(arguments: ["concat:\(Fixtures.hamilton)|\(Fixtures.hamilton)", "pipe:0", "subfile,,start,0,end,0,,:\(Fixtures.hamilton)"])
    func analyzeRefusesFFmpegProtocolsACameraMayNotUse(url: String) async throws {
        let db = try temporaryDirectory("validation").appendingPathComponent("db.sqlite").path
        let run = try await SharpEyesBinary.run(["analyze", url, "--db", db], timeout: 60)
        #expect(run.status != 0, "\(run.stdout)")
        #expect(run.stderr.contains("is not allowed"), "\(run.stderr)")
    }

    @Test func analyzeRefusesAFIFOInsteadOfBlockingOnIt() async throws {
        let fifo = try temporaryDirectory("validation").appendingPathComponent("camera.mp4").path
        try #require(mkfifo(fifo, 0o600) == 0)
        let db = try temporaryDirectory("validation").appendingPathComponent("db.sqlite").path
        let run = try await SharpEyesBinary.run(["analyze", fifo, "--db", db], timeout: 30)
        #expect(run.status == 1, "a FIFO with no writer blocks `open` for good: \(run.stderr)")
        #expect(run.stderr.contains("is not a regular file"), "\(run.stderr)")
    }

    @Test func serveStopsOnSIGTERMWithAFIFOCamera() async throws {
        let fifo = try temporaryDirectory("validation").appendingPathComponent("camera.mp4").path
        try #require(mkfifo(fifo, 0o600) == 0)
        let server = try await ServeTests.Server(cameras: "  - {id: pipe, kind: file, url: \(fifo), stages: [motion]}")
        #expect(await server.waitUntilServing(), "\(server.child.stderr.suffix(2000))")
        #expect(await server.child.waitUntil(30) { $0.stderr.contains("not a regular file") }, "\(server.child.stderr.suffix(2000))")
        server.child.signal(SIGTERM)
        #expect(await server.child.exit(timeout: 30) == 0, "\(server.child.stderr.suffix(2000))")
    }
}
