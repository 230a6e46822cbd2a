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
        let text = try #require(device.receive { $0.hasPrefix("INVITE ") })
        return try SIPParser.parse(datagram: Array(text.utf8))
    }

    static func play(_ platform: SIPPlatform, timeout: Duration) async -> (error: String?, seconds: Double) {
        let started = Date()
        let error = try? await onThread { () -> String? in
            do {
                _ = try platform.play(deviceID: Harness.deviceID, channelID: Harness.channelID, timeout: timeout).close()
                return nil
            } catch {
                return "\(error)"
            }
        }
        return (error ?? "no result", Date().timeIntervalSince(started))
    }

    @Test func aRefusalIsAcknowledged() async throws {
        let harness = try await Harness(keepalive: 30)
        let device = try UDPClient(port: harness.port)
        #expect(try device.register(Harness.deviceID, password: Harness.password)?.hasPrefix("SIP/2.0 200") == true)
        async let played = Self.play(harness.platform, timeout: .seconds(5))
        let invite = try Self.invite(at: device)
        device.send(invite.response(486, "Busy Here", toTag: "busy").serialised)
        let ack = try #require(device.receive { $0.hasPrefix("ACK ") })
        #expect(ack.contains("CSeq: \(invite.cseq?.number ?? -1) ACK") && ack.contains("tag=busy"), "\(ack)")
        let result = await played
        #expect(result.error?.contains("486") == true, "\(result)")
        await harness.close()
    }

    @Test func aLateAnswerIsAcknowledgedAndHungUp() async throws {
        let harness = try await Harness(keepalive: 30)
        let device = try UDPClient(port: harness.port)
        #expect(try device.register(Harness.deviceID, password: Harness.password)?.hasPrefix("SIP/2.0 200") == true)
        async let playing = Self.play(harness.platform, timeout: .milliseconds(1500))
        let invite = try Self.invite(at: device)
        let played = await playing
        // The whole timeout, fraction included (it was cut to whole seconds).
        #expect(played.error != nil && played.seconds > 1.4 && played.seconds < 3, "\(played)")
        // The device answers now, as a slow one would.
        device.send(invite.response(200, "OK", toTag: "late").serialised)
        let ack = try #require(device.receive { $0.hasPrefix("ACK ") })
        let bye = try #require(device.receive { $0.hasPrefix("BYE ") })
        #expect(ack.contains(invite.callID ?? "?") && bye.contains(invite.callID ?? "?") && bye.contains("tag=late"), "\(bye)")
        #expect(harness.platform.counters.lateAnswers == 1)
        await harness.close()
    }
}
