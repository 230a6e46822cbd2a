import Foundation
import GB28181
import Media
import TestSupport
import Testing

/// The platform against the simulated camera over real sockets: registration, Catalog, INVITE and RTP/PS into
/// FFmpeg, over UDP and TCP, with the device faults the simulator can make.
@Suite(.serialized, .childProcesses)
struct PlatformTests {
    @Test(arguments: [("udp", RTPReceiver.Transport.udp), ("tcp", .tcp)])
    func aCameraRegistersReportsItsChannelsAndItsVideoDecodes(sip: String, media: RTPReceiver.Transport) async throws {
        let harness = try await Harness(mediaTransport: media)
        let camera = try await harness.camera(["--transport", sip])
        let device = try #require(await harness.waitForCatalog(), "no catalog: \(camera.stdout)")
        // The simulator's log comes through a pipe, and may arrive after what it logged took effect.
        #expect(await camera.waitUntil(10) { $0.stdout.contains("registered") }, "registered after the 401 challenge: \(camera.stdout)")
        #expect(device.transport == sip)
        #expect(device.channels.map(\.name) == ["哈密尔顿剧场门口 镕"], "decoded from GB18030")
        let decoded = try await harness.decode(frames: 90)
        #expect(decoded.frames == 90 && decoded.width == 640, "\(decoded) \(camera.stdout)")
        #expect(await camera.waitUntil(10) { $0.stdout.contains("streaming \(media.rawValue)") }, "\(camera.stdout)")
        // The reader closed: the platform hung up.
        #expect(await camera.waitUntil(5) { $0.stdout.contains("bye") }, "BYE after the stream closed: \(camera.stdout)")
        await harness.close()
    }

    @Test func aWrongPasswordIsRefusedWith403() async throws {
        let harness = try await Harness()
        let camera = try await ChildProcess.start("/usr/bin/python3", [
            Fixtures.packageRoot.appendingPathComponent("scripts/gb28181-sim.py").path, "--server", "127.0.0.1:\(harness.port)",
            "--clip", Fixtures.hamilton, "--password", "wrong-password",
        ])
        #expect(await camera.exit(timeout: 20) == 3)
        #expect(camera.stdout.contains("refused SIP/2.0 403"), "\(camera.stdout)")
        #expect(harness.platform.devices.isEmpty && harness.platform.counters.refused == 1)
        await harness.close()
    }

    @Test func aSilentDeviceGoesOfflineWithinThreeIntervalsAndComesBack() async throws {
        let harness = try await Harness(keepalive: 1)
        let camera = try await harness.camera(["--stop-keepalive-after", "2"])
        #expect(await harness.waitForCatalog() != nil)
        #expect(await camera.waitUntil(10) { $0.stdout.contains("keepalives stopped") })
        let stopped = Date()
        let offline = await eventually(10) { harness.platform.devices.first?.online == false }
        #expect(offline && Date().timeIntervalSince(stopped) <= 3 + 1.5, "offline within 3 intervals (+ the check period)")
        await camera.kill()
        let again = try await harness.camera()
        #expect(await harness.waitForCatalog() != nil, "registered again: \(again.stdout)")
        let decoded = try await harness.decode(frames: 30)
        #expect(decoded.frames == 30)
        await harness.close()
    }

    /// Each device fault still gives decoded frames, with the fault counted where it is one.
    @Test(arguments: ["zero-length-pes", "no-psm", "gaps", "foreign-ssrc"])
    func aQuirkyDeviceStillDecodes(quirk: String) async throws {
        let harness = try await Harness()
        _ = try await harness.camera(["--quirk", quirk])
        #expect(await harness.waitForCatalog() != nil)
        let platform = harness.platform
        let counters = Counters()
        let watcher = Task.detached {
            while !Task.isCancelled {
                if let now = platform.mediaCounters(channelID: Harness.channelID) { counters.set(now) }
                try? await Task.sleep(for: .milliseconds(50))
            }
        }
        let decoded = try await harness.decode(frames: 150, timeout: 40)
        watcher.cancel()
        let seen = counters.value
        #expect(decoded.frames >= 100, "\(quirk): \(decoded), \(seen)")
        switch quirk {
        case "zero-length-pes": #expect(seen.zeroLengthPES > 0)
        case "gaps": #expect(seen.gaps > 0 && seen.framesDropped > 0, "\(seen)")
        case "foreign-ssrc": #expect(seen.foreignSSRC > 0, "\(seen)")
        default: #expect(seen.frames > 0)
        }
        await harness.close()
    }
}

final class Counters: @unchecked Sendable {
    private let lock = NSLock()
    private var current = RTPCounters()
    func set(_ value: RTPCounters) { lock.withLock { current = value } }
    var value: RTPCounters { lock.withLock { current } }
}

/// Registration over its life: the 200 OK's Date, a refresh on the same Call-ID, and `Expires: 0`.
@Suite(.serialized, .childProcesses)
struct RegistrationTests {
    @Test func aRefreshKeepsTheDeviceAndExpiresZeroRemovesIt() async throws {
        let harness = try await Harness()
        let camera = try await harness.camera(["--refresh-after", "1", "--unregister-after", "3"])
        #expect(await harness.waitForCatalog() != nil)
        // The simulator answers the Catalog query on another thread, which can finish before it prints "registered".
        #expect(await camera.waitUntil(5) { $0.stdout.contains("registered") })
        // The 200 OK carries the platform's clock as GB/T 28181 writes it.
        let date = try #require(camera.stdout.split(separator: "\n").first { $0.hasPrefix("registered") })
        #expect(date.contains(try Regex(#"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}"#)), "\(date)")
        #expect(await camera.waitUntil(10) { $0.stdout.components(separatedBy: "registered").count - 1 >= 2 }, "refreshed: \(camera.stdout)")
        #expect(harness.platform.devices.first?.online == true)
        #expect(harness.platform.counters.registrations == 2)
        // The simulator prints "catalog" when it answers; that may come before or after its "registered" line.
        #expect(camera.stdout.split(separator: "\n").filter { $0.hasPrefix("catalog ") }.count == 1,
                "a refresh asks for no new Catalog: \(camera.stdout)")
        #expect(await camera.waitUntil(10) { $0.stdout.contains("unregistered") }, "\(camera.stdout)")
        #expect(await eventually(2) { harness.platform.devices.first?.online == false }, "Expires: 0 takes the device off at once")
        await harness.close()
    }
}
