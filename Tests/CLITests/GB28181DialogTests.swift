import Foundation
import GRDB
import TestSupport
import Testing

/// `sharpeyes serve` ends its GB/T 28181 dialogs: a stream it gave up on is hung up before the channel is INVITEd
/// again (one RTP port per channel), SIGTERM sends a BYE per dialog before the process exits, and the end of a
/// device's stream (its BYE, a closed connection, keepalives stopping) closes the face pass in view at once.
@Suite(.serialized, .childProcesses)
struct GB28181DialogTests {
    static let channel = GB28181ServeTests.channel

    /// A `gb28181:` section whose channel cameras have `rule` settings, RTP on `rtp`.
    static func section(sipPort: Int, rtp: ClosedRange<Int>, media: String = "udp", keepalive: Double = 2,
                        rule: String = "") -> String {
        """

        gb28181:
          id: "34020000002000000001"
          listen: 127.0.0.1:\(sipPort)
          media_address: 127.0.0.1
          rtp_ports: \(rtp.lowerBound)-\(rtp.upperBound)
          media_transport: \(media)
          keepalive_interval: \(keepalive)
          password: {env: GB_PASSWORD}
          channels:
            - {prefix: "3402000000131", stages: [motion, faces], sampling: {fps: 5}\(rule)}
        """
    }

    static func rtpRange() -> ClosedRange<Int> {
        let base = Int.random(in: 400...500) * 100
        return base...(base + 99)
    }

    static func serve(sipPort: Int, rtp: ClosedRange<Int>, media: String = "udp", keepalive: Double = 2, rule: String = "",
                      extra: String = "", prepare: (String) async throws -> Void = { _ in }) async throws -> ServeTests.Server {
        try await ServeTests.Server(cameras: "  []", extra: extra + section(sipPort: sipPort, rtp: rtp, media: media,
                                                                      keepalive: keepalive, rule: rule),
                              environment: ["GB_PASSWORD=gb-Pa55word"], prepare: prepare)
    }

    static func frames(_ server: ServeTests.Server) async -> Int { await server.count("frames_decoded", of: channel) }

    /// The trial: the video stalls, the read times out, and `serve` INVITEs the channel again. The first dialog
    /// must get its BYE and its port be released (it stayed bound, and the device kept sending into it).
    @Test func aStalledStreamIsHungUpBeforeItsChannelIsINVITEdAgain() async throws {
        let sipPort = freePort(), rtp = Self.rtpRange()
        let server = try await Self.serve(sipPort: sipPort, rtp: rtp, rule: ", read_timeout: 1")
        #expect(await server.waitUntilServing(), "\(server.child.stderr)")
        let camera = try await GB28181ServeTests.camera(sipPort: sipPort, ["--stall-after", "3", "--stall-for", "15"])
        defer { camera.signal(SIGKILL) }
        #expect(await camera.waitUntil(90) { SimulatorLog($0.stdout).streams.count >= 2 },
                "INVITEd again: \(camera.stdout) \(server.child.stderr.suffix(2000))")
        let streams = SimulatorLog(camera.stdout).streams
        try #require(streams.count >= 2)
        #expect(await camera.waitUntil(5) { SimulatorLog($0.stdout).byes.contains(streams[0].callID) },
                "the first dialog got no BYE: \(camera.stdout)")
        let pid = server.child.pid
        let bound = { boundPorts(pid: pid, transport: "udp").filter { rtp.contains($0) } }
        #expect(await server.child.waitUntil(5) { _ in bound() == [SimulatorLog(camera.stdout).streams.last?.port ?? -1] },
                "RTP ports bound: \(bound()), streams: \(SimulatorLog(camera.stdout).streams)")
        #expect(await server.child.waitUntil(60) { _ in await Self.frames(server) > 60 }, "analysed again: \(server.child.stderr.suffix(2000))")
        #expect(await server.stop() == 0, "\(server.child.stderr.suffix(2000))")
    }

    /// SIGTERM: the cameras stop and hang up before the SIP server closes, so the BYE reaches the device.
    @Test(arguments: ["udp", "tcp"])
    func sigtermSendsAByeForEveryDialog(sip: String) async throws {
        let sipPort = freePort(), rtp = Self.rtpRange()
        let server = try await Self.serve(sipPort: sipPort, rtp: rtp)
        #expect(await server.waitUntilServing(), "\(server.child.stderr)")
        let camera = try await GB28181ServeTests.camera(sipPort: sipPort, ["--transport", sip])
        defer { camera.signal(SIGKILL) }
        #expect(await server.child.waitUntil(60) { _ in await Self.frames(server) > 30 }, "\(camera.stdout) \(server.child.stderr.suffix(2000))")
        let dialog = try #require(SimulatorLog(camera.stdout).streams.last, "\(camera.stdout)")
        #expect(await server.stop() == 0, "\(server.child.stderr.suffix(2000))")
        #expect(await camera.waitUntil(3) { SimulatorLog($0.stdout).byes.contains(dialog.callID) },
                "no BYE reached the device over \(sip): \(camera.stdout) \(server.child.stderr.suffix(1500))")
    }

    /// A device that unregisters leaves its camera reconnecting with an error that says it is offline once.
    @Test func anOfflineDeviceIsSaidOfflineOnce() async throws {
        let sipPort = freePort(), rtp = Self.rtpRange()
        let server = try await Self.serve(sipPort: sipPort, rtp: rtp)
        #expect(await server.waitUntilServing(), "\(server.child.stderr)")
        let camera = try await GB28181ServeTests.camera(sipPort: sipPort, ["--unregister-after", "4"])
        defer { camera.signal(SIGKILL) }
        #expect(await camera.waitUntil(60) { $0.stdout.contains("unregistered") }, "\(camera.stdout)")
        var error = ""
        #expect(await server.child.waitUntil(60) { _ in
            error = await server.cameras()[Self.channel]?["last_error"] as? String ?? ""
            return error.contains("not registered")
        }, "last error: \(error)")
        #expect(error.components(separatedBy: "is offline").count == 2, "said once: \(error)")
        #expect(await server.stop() == 0)
    }
}
