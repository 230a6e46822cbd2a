import Foundation
import GB28181
import Media
import TestSupport
import Testing

/// How the platform ends INVITE transactions a device answers badly: a refusal is ACKed, a 2xx after the platform
/// gave up is ACKed and hung up, and the timeout keeps its fraction of a second.
@Suite(.serialized, .ownThreads)
struct InviteAnswerTests {
    /// The INVITE the device received, parsed.
    static func invite(at device: UDPClient) throws -> SIPMessage {
        let text = try #require(device.receive(timeout: 10) { $0.hasPrefix("INVITE ") })
        return try SIPParser.parse(datagram: Array(text.utf8))
    }

    /// `play` on a thread of its own, while the test body (blocking too) plays the device: an `async let` child
    /// would wait for a thread of the suite's small pool, which the test body and other suites may all hold.
    final class Playing: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private var outcome: (error: String?, seconds: Double)?

        init(_ platform: SIPPlatform, timeout: Duration) {
            Thread { [self] in
                let started = Date()
                var failure: String?
                do { try platform.play(deviceID: Harness.deviceID, channelID: Harness.channelID, timeout: timeout).close() }
                catch { failure = "\(error)" }
                outcome = (failure, Date().timeIntervalSince(started))
                done.signal()
            }.start()
        }

        /// The error `play` threw (nil when it played) and how long it took.
        func result() -> (error: String?, seconds: Double)? {
            done.wait(timeout: .now() + 30) == .success ? outcome : nil
        }
    }

    @Test func aRefusalIsAcknowledged() async throws {
        let harness = try await Harness(keepalive: 30)
        let device = try UDPClient(port: harness.port)
        #expect(try device.register(Harness.deviceID, password: Harness.password)?.hasPrefix("SIP/2.0 200") == true)
        let playing = Playing(harness.platform, timeout: .seconds(5))
        let invite = try Self.invite(at: device)
        device.send(invite.response(486, "Busy Here", toTag: "busy").serialised)
        let ack = try #require(device.receive(timeout: 10) { $0.hasPrefix("ACK ") })
        #expect(ack.contains("CSeq: \(invite.cseq?.number ?? -1) ACK") && ack.contains("tag=busy"), "\(ack)")
        let result = playing.result()
        #expect(result?.error?.contains("486") == true, "\(String(describing: result))")
        await harness.close()
    }

    @Test func aLateAnswerIsAcknowledgedAndHungUp() async throws {
        let harness = try await Harness(keepalive: 30)
        let device = try UDPClient(port: harness.port)
        #expect(try device.register(Harness.deviceID, password: Harness.password)?.hasPrefix("SIP/2.0 200") == true)
        let playing = Playing(harness.platform, timeout: .milliseconds(1500))
        let invite = try Self.invite(at: device)
        let played = try #require(playing.result())
        // The whole timeout, fraction included (it was cut to whole seconds).
        #expect(played.error != nil && played.seconds > 1.4 && played.seconds < 6, "\(played)")
        // The device answers now, as a slow one would.
        device.send(invite.response(200, "OK", toTag: "late").serialised)
        let ack = try #require(device.receive(timeout: 10) { $0.hasPrefix("ACK ") })
        let bye = try #require(device.receive(timeout: 10) { $0.hasPrefix("BYE ") })
        #expect(ack.contains(invite.callID ?? "?") && bye.contains(invite.callID ?? "?") && bye.contains("tag=late"), "\(bye)")
        #expect(harness.platform.counters.lateAnswers == 1)
        await harness.close()
    }
}
