import Foundation
import GB28181
import Logging
import Media
import Synchronization
import TestSupport
import Toolkit

/// A real platform (SwiftNIO on loopback) and the simulated camera of scripts/gb28181-sim.py, which streams the
/// Hamilton clip as MPEG-PS over RTP when INVITEd. `close()` ends the cameras it started, then the platform; a test
/// that fails before it leaves them to `ChildProcess`'s deinit (SIGKILL).
final class Harness: @unchecked Sendable {
    let port = freePort()
    let platform: SIPPlatform
    let listener: SIPServer.Listener
    static let deviceID = "34020000001320000001"
    static let channelID = "34020000001310000001"
    static let password = "12345678"
    private let cameras = Mutex<[ChildProcess]>([])

    init(mediaTransport: RTPReceiver.Transport = .udp, keepalive: Double = 1,
         onAlarm: @escaping @Sendable (SIPPlatform, DeviceAlarm) -> Void = { _, _ in }) async throws {
        let rtpBase = Int.random(in: 200...300) * 100
        platform = SIPPlatform(
            settings: PlatformSettings(id: "34020000002000000001", domain: "3402000000", host: "127.0.0.1", port: port,
                                       mediaAddress: "127.0.0.1", mediaBindHost: "127.0.0.1", rtpPorts: rtpBase...(rtpBase + 99),
                                       mediaTransport: mediaTransport, keepaliveInterval: keepalive,
                                       password: { $0 == Harness.deviceID ? Harness.password : nil }),
            logger: Logger(label: "gb28181-test"), onAlarm: onAlarm)
        listener = try await SIPServer(platform: platform, logger: Logger(label: "gb28181-test")).listen()
    }

    /// Starts the simulated camera with extra switches.
    func camera(_ arguments: [String] = [], keepalive: Double = 1) async throws -> ChildProcess {
        let script = Fixtures.packageRoot.appendingPathComponent("scripts/gb28181-sim.py").path
        let camera = try await ChildProcess.start("/usr/bin/python3", [
            script, "--server", "127.0.0.1:\(port)", "--clip", Fixtures.hamilton, "--keepalive", "\(keepalive)", "--password", Harness.password,
        ] + arguments)
        cameras.withLock { $0.append(camera) }
        return camera
    }

    /// Waits until the device is online with its channels.
    func waitForCatalog(timeout: Double = 20) async -> DeviceStatus? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let device = platform.devices.first, device.online, !device.channels.isEmpty { return device }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }

    /// Plays the channel through `Source`'s custom I/O and decodes up to `frames` frames within `timeout` seconds.
    func decode(frames wanted: Int, timeout: Double = 30) async throws -> (frames: Int, errors: Int, width: Int) {
        let platform = platform
        return try await DedicatedThread.run {
            var options = ReaderOptions(threads: 1)
            options.source.byteStream = ChannelOpener(platform: platform, deviceID: Harness.deviceID, channelID: Harness.channelID)
            let reader = try MediaReader(url: "gb28181://\(Harness.deviceID)/\(Harness.channelID)", options: options)
            let deadline = Date().addingTimeInterval(timeout)
            var frames = 0
            while frames < wanted, Date() < deadline, try reader.decodeNext() != nil { frames += 1 }
            return (frames, reader.decodeErrors, reader.source.width)
        }
    }

    /// Kills the cameras it started (waiting for their ends), then closes the platform's sockets.
    func close() async {
        for camera in cameras.withLock({ $0 }) { await camera.kill() }
        await listener.close()
    }
}
