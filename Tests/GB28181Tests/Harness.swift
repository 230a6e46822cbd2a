import Foundation
import GB28181
import Logging
import Media
import TestSupport

/// A real platform (SwiftNIO on loopback) and the simulated camera of scripts/gb28181-sim.py, which streams the
/// Hamilton clip as MPEG-PS over RTP when INVITEd.
final class Harness: @unchecked Sendable {
    let port = freePort()
    let platform: SIPPlatform
    let listener: SIPServer.Listener
    static let deviceID = "34020000001320000001"
    static let channelID = "34020000001310000001"
    static let password = "12345678"

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
    func camera(_ arguments: [String] = [], keepalive: Double = 1) throws -> ChildProcess {
        let script = Fixtures.packageRoot.appendingPathComponent("scripts/gb28181-sim.py").path
        return try ChildProcess("/usr/bin/python3", [script, "--server", "127.0.0.1:\(port)", "--clip", Fixtures.hamilton,
                                                     "--keepalive", "\(keepalive)", "--password", Harness.password] + arguments)
    }

    /// Waits until the device is online with its channels.
    func waitForCatalog(timeout: Double = 20) -> DeviceStatus? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let device = platform.devices.first, device.online, !device.channels.isEmpty { return device }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }

    /// Plays the channel through `Source`'s custom I/O and decodes up to `frames` frames within `timeout` seconds.
    func decode(frames wanted: Int, timeout: Double = 30) async throws -> (frames: Int, errors: Int, width: Int) {
        let platform = platform
        return try await onThread {
            var options = ReaderOptions(threads: 1)
            options.source.byteStream = ChannelOpener(platform: platform, deviceID: Harness.deviceID, channelID: Harness.channelID)
            let reader = try MediaReader(url: "gb28181://\(Harness.deviceID)/\(Harness.channelID)", options: options)
            let deadline = Date().addingTimeInterval(timeout)
            var frames = 0
            while frames < wanted, Date() < deadline, try reader.decodeNext() != nil { frames += 1 }
            return (frames, reader.decodeErrors, reader.source.width)
        }
    }

    func close() async { await listener.close() }
}

/// Runs blocking work (FFmpeg reads) on a thread of its own, not on the cooperative pool.
func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
