import Foundation
import TestSupport
import Testing

/// `sharpeyes config check` and `serve` refuse malformed configuration files with a message and exit 1, never a crash.
@Suite(.childProcesses)
struct ConfigCommandTests {
    private static let camera = "cameras:\n  - {id: gate, kind: file, url: clip.mp4}\n"

    static let malformed: [(name: String, yaml: String, message: String)] = [
        ("wrong type", "storage: {database: db.sqlite}\nworkers: two\n" + camera, "workers"),
        ("unknown key", "storage: {database: db.sqlite}\ncameras:\n  - id: gate\n    kind: file\n    url: a.mp4\n    sampel: {fps: 2}\n",
         "cameras[0].sampel"),
        ("duplicate ids", "storage: {database: db.sqlite}\n" + camera + "  - {id: gate, kind: file, url: b.mp4}\n", "cameras[1].id"),
        ("NaN", "storage: {database: db.sqlite}\ncameras:\n  - {id: g, kind: file, url: a.mp4, sampling: {fps: .nan}}\n", "cameras[0].sampling"),
        ("out of range", "storage: {database: db.sqlite}\ncameras:\n  - {id: g, kind: fixed, url: 'rtsp://h/s', position: [95, 10]}\n", "cameras[0].position"),
        ("alias bomb", "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n" +
            "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: {*d: 1}\n", "alias"),
        ("password literal", "storage: {database: db.sqlite}\ncameras:\n  - {id: g, kind: fixed, url: 'rtsp://h/s', password: hunter2}\n", "password"),
    ]

    private func write(_ text: String) throws -> String {
        let path = try temporaryDirectory("config").appendingPathComponent("sharpeyes.yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test(arguments: malformed.map(\.name))
    func malformedConfigsAreRefusedWithTheirField(name: String) async throws {
        let (_, yaml, message) = try #require(Self.malformed.first { $0.name == name })
        let path = try write(yaml)
        let started = Date()
        let check = try await SharpEyesBinary.run(["config", "check", path], timeout: 30)
        #expect(check.status == 1, "\(name): \(check.stderr)")
        #expect(check.stderr.contains("error:") && check.stderr.contains(message), "\(name): \(check.stderr)")
        #expect(!check.stderr.contains("hunter2"), "a password is never echoed")
        #expect(Date().timeIntervalSince(started) < 10, "refused quickly")
        let serve = try await SharpEyesBinary.run(["serve", "--config", path], timeout: 30)
        #expect(serve.status == 1 && serve.stderr.contains(message), "\(name): \(serve.stderr)")
    }

    @Test func aTenMegabyteFileIsRefusedUnread() async throws {
        let path = try write("storage: {database: db.sqlite}\n# " + String(repeating: "x", count: 10_000_000) + "\n")
        let check = try await SharpEyesBinary.run(["config", "check", path], timeout: 30)
        #expect(check.status == 1)
        #expect(check.stderr.contains("limit"), "\(check.stderr)")
    }

    @Test func aValidConfigPrintsWhatWouldRun() async throws {
        let path = try write("storage: {database: db.sqlite}\n" + Self.camera)
        let check = try await SharpEyesBinary.run(["config", "check", path], timeout: 30)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("gate") && check.stdout.contains("cameras: 1"), "\(check.stdout)")
    }

    @Test func theExampleConfigIsValid() async throws {
        let example = Fixtures.packageRoot.appendingPathComponent("Examples/sharpeyes.yaml").path
        let environment = ["GATE1_PASSWORD", "GATE2_PASSWORD", "EAGLE_PASSWORD", "GB28181_PASSWORD"]
        let child = try await ChildProcess.start("/usr/bin/env", environment.map { "\($0)=secret-\($0)" }
                                                     + [SharpEyesBinary.path, "config", "check", example])
        #expect(await child.exit(timeout: 30) == 0, "\(child.stderr)")
        #expect(!child.stdout.contains("secret-"), "passwords are shown as ***")
    }
}
