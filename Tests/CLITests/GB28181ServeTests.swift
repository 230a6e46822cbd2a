import Foundation
import GRDB
import TestSupport
import Testing

/// `sharpeyes serve` as the GB/T 28181 platform, with the simulated camera of scripts/gb28181-sim.py registering to
/// it and streaming the Hamilton clip as MPEG-PS over RTP.
@Suite(.serialized, .childProcesses)
struct GB28181ServeTests {
    static let channel = "34020000001310000001"
    static let channelName = "哈密尔顿剧场门口 镕"

    /// A `gb28181:` section on `sipPort`; channels of type 131 (cameras) are analysed for faces.
    /// `channel`: more of the channel rule's settings (", recording: {…}").
    static func section(sipPort: Int, media: String = "udp", keepalive: Double = 2, channel: String = "") -> String {
        let rtp = Int.random(in: 300...400) * 100
        return """

        gb28181:
          id: "34020000002000000001"
          listen: 127.0.0.1:\(sipPort)
          media_address: 127.0.0.1
          rtp_ports: \(rtp)-\(rtp + 99)
          media_transport: \(media)
          keepalive_interval: \(keepalive)
          password: {env: GB_PASSWORD}
          channels:
            - {prefix: "3402000000131", stages: [motion, faces], sampling: {fps: 5}\(channel)}
        """
    }

    static func enrol(_ db: String) async throws {
        let enrolled = try await SharpEyesBinary.run(["watchlist", "add-face", "--name", "Lin-Manuel Miranda", "--list", "wanted",
                                                Fixtures.path("faces/probes/lin-manuel-miranda.png"), "--db", db])
        try #require(enrolled.status == 0, "\(enrolled.stderr)")
    }

    static func camera(sipPort: Int, _ arguments: [String] = []) async throws -> ChildProcess {
        try await ChildProcess.start("/usr/bin/python3", [
            Fixtures.packageRoot.appendingPathComponent("scripts/gb28181-sim.py").path, "--server", "127.0.0.1:\(sipPort)",
            "--clip", Fixtures.hamilton, "--keepalive", "2", "--password", "gb-Pa55word",
            "--channels", "\(channel)=\(channelName),34020000001340000001=报警输入",
        ] + arguments)
    }

    /// The incidents `analyze` raises from the file itself, for comparison.
    static let fileSubjects = Lazily {
        let db = try temporaryDirectory("gb-file").appendingPathComponent("file.sqlite").path
        try await enrol(db)
        let run = try await SharpEyesBinary.run(["analyze", Fixtures.hamilton, "--db", db], timeout: 180)
        guard run.status == 0 else { throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: run.stderr]) }
        return Set(try await DatabaseQueue(path: db).read { try String.fetchAll($0, sql: "SELECT subject FROM incident") })
    }

    @Test(arguments: [("udp", "udp"), ("tcp", "tcp")])
    func aRegisteredCameraIsAnalysedAsTheFileIs(sip: String, media: String) async throws {
        let sipPort = freePort()
        let server = try await ServeTests.Server(cameras: "  []", extra: Self.section(sipPort: sipPort, media: media),
                                           environment: ["GB_PASSWORD=gb-Pa55word"], prepare: Self.enrol)
        #expect(await server.waitUntilServing(), "\(server.child.stderr)")
        let camera = try await Self.camera(sipPort: sipPort, ["--transport", sip])
        defer { camera.signal(SIGKILL) }
        let found = await server.child.waitUntil(150) { _ in
            let rows = (try? server.rows("SELECT cameraId, subject FROM incident")) ?? []
            return rows.contains { $0["cameraId"] as String == Self.channel }
        }
        #expect(found, "no incident from the GB channel: \(camera.stdout) \(server.child.stderr.suffix(3000))")
        #expect(camera.stdout.contains("registered"), "the device registered after the 401: \(camera.stdout)")
        #expect(camera.stdout.contains("streaming \(media)"), "\(camera.stdout)")
        let subjects = Set(try server.rows("SELECT subject FROM incident WHERE cameraId = '\(Self.channel)'").map { $0["subject"] as String })
        let fileSubjects = try await Self.fileSubjects.value
        #expect(subjects == fileSubjects && subjects == ["Lin-Manuel Miranda"], "GB: \(subjects), file: \(fileSubjects)")
        let cameras = await server.cameras()
        let status = try #require(cameras[Self.channel], "\(cameras.keys)")
        #expect(status["name"] as? String == Self.channelName, "the name decoded from GB18030: \(status)")
        #expect(status["state"] as? String == "live")
        #expect(status["last_keepalive_at"] != nil, "the device's keepalive shows with its channel: \(status)")
        let health = await httpGet("\(server.base)/health").body
        #expect(health.contains("gb28181.34020000001320000001") && health.contains("2 channel(s)"), "the device, with both channels of its Catalog: \(health)")
        #expect(await server.cameras()["34020000001340000001"] == nil, "the alarm channel is not selected by the prefix")
        let table = try await SharpEyesBinary.run(["status", "--url", server.base], environment: ["SHARPEYES_TOKEN=\(server.token)"], timeout: 20)
        #expect(table.stdout.contains(Self.channel), "\(table.stdout)")
        // A reload of the file (which lists no cameras) keeps the channels the devices reported.
        let before = status["frames_decoded"] as? Int ?? 0
        server.child.signal(SIGHUP)
        #expect(await server.child.waitUntil(10) { $0.stderr.contains("cameras reloaded: 0 added, 0 removed, 0 restarted") },
                "\(server.child.stderr.suffix(1000))")
        #expect(await server.child.waitUntil(10) { _ in (await server.cameras()[Self.channel]?["frames_decoded"] as? Int ?? 0) > before + 30 })
        #expect(await server.stop() == 0, "\(server.child.stderr.suffix(2000))")
    }

    @Test func aWrongPasswordIsRefusedAndNeverAnalysed() async throws {
        let sipPort = freePort()
        let server = try await ServeTests.Server(cameras: "  []", extra: Self.section(sipPort: sipPort),
                                           environment: ["GB_PASSWORD=gb-Pa55word"])
        #expect(await server.waitUntilServing())
        let camera = try await Self.camera(sipPort: sipPort, ["--password", "not-the-password"])
        #expect(await camera.exit(timeout: 20) == 3)
        #expect(camera.stdout.contains("refused SIP/2.0 403"), "\(camera.stdout)")
        // The refusal is logged when it is made; half a second more for a camera that should not appear.
        #expect(await server.child.waitUntil(10) { $0.stderr.contains("refused: wrong password") })
        try await Task.sleep(for: .milliseconds(500))
        let cameras = await server.cameras()
        #expect(cameras.isEmpty, "\(cameras)")
        #expect(server.child.stderr.contains("refused: wrong password"))
        #expect(await server.stop() == 0)
    }

    @Test func aCameraThatGoesSilentIsReconnectingAndIsAnalysedAgainWhenItReturns() async throws {
        let sipPort = freePort()
        let server = try await ServeTests.Server(cameras: "  []", extra: Self.section(sipPort: sipPort, keepalive: 1),
                                           environment: ["GB_PASSWORD=gb-Pa55word"])
        #expect(await server.waitUntilServing())
        let first = try await Self.camera(sipPort: sipPort, ["--keepalive", "1", "--stop-keepalive-after", "4"])
        defer { first.signal(SIGKILL) }
        #expect(await server.child.waitUntil(60) { _ in (await server.cameras()[Self.channel]?["frames_decoded"] as? Int ?? 0) > 30 },
                "\(server.child.stderr.suffix(2000))")
        #expect(await first.waitUntil(20) { $0.stdout.contains("keepalives stopped") })
        let stopped = Date()
        #expect(await server.child.waitUntil(10) { $0.stderr.contains("is offline") }, "\(server.child.stderr.suffix(2000))")
        // Offline after three missed keepalives (1 s each); 1.5 s more for the check's own period and a loaded machine.
        let offlineBound = 3 * 1 + 1.5
        #expect(Date().timeIntervalSince(stopped) < offlineBound, "offline within three keepalive intervals")
        #expect(await server.child.waitUntil(20) { _ in await server.cameras()[Self.channel]?["state"] as? String == "reconnecting" },
                "\(server.child.stderr.suffix(1000))")
        await first.kill()
        let before = await server.cameras()[Self.channel]?["frames_decoded"] as? Int ?? 0
        let again = try await Self.camera(sipPort: sipPort, ["--keepalive", "1"])
        defer { again.signal(SIGKILL) }
        #expect(await server.child.waitUntil(60) { _ in (await server.cameras()[Self.channel]?["frames_decoded"] as? Int ?? 0) > before + 30 },
                "analysed again: \(again.stdout) \(server.child.stderr.suffix(2000))")
        #expect(again.stdout.contains("invite"), "INVITEd again after registering")
        #expect(await server.stop() == 0)
    }
}
