import Foundation
import GB28181
import Media
import Synchronization
import TestSupport
import Testing
import Toolkit

/// How the platform ends INVITE transactions a device answers badly: a refusal is ACKed, a 2xx after the platform
/// gave up is ACKed and hung up, and the timeout keeps its fraction of a second.
@Suite(.serialized)
struct InviteAnswerTests {
    /// The INVITE the device received, parsed.
    static func invite(at device: UDPClient) async throws -> SIPMessage {
        let text = try #require(await device.receive(timeout: 10) { $0.hasPrefix("INVITE ") })
        return try SIPParser.parse(datagram: Array(text.utf8))
    }

    /// `play` on a thread of its own (it blocks until the device answers or its timeout passes: an open that waits on
    /// the network, as a camera's runs on a `DedicatedThread`), while the test body plays the device.
    /// With `keepOpen` the receiver stays open until `close()`, so the dialog lives on.
    final class Playing: Sendable {
        private struct State {
            var outcome: (error: String?, seconds: Double)?
            var receiver: RTPReceiver?
        }

        private let state = Mutex(State())

        init(_ platform: SIPPlatform, timeout: Duration, keepOpen: Bool = false) {
            Task.detached { [self] in
                await DedicatedThread.run {
                    let started = Date()
                    var failure: String?
                    do {
                        let receiver = try platform.play(deviceID: Harness.deviceID, channelID: Harness.channelID, timeout: timeout)
                        if keepOpen { self.state.withLock { $0.receiver = receiver } } else { receiver.close() }
                    } catch { failure = "\(error)" }
                    let outcome = (failure, Date().timeIntervalSince(started))
                    self.state.withLock { $0.outcome = outcome }
                }
            }
        }

        /// The error `play` threw (nil when it played) and how long it took; nil when it has not returned within 30 s.
        func result() async -> (error: String?, seconds: Double)? {
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline {
                if let outcome = state.withLock({ $0.outcome }) { return outcome }
                try? await Task.sleep(for: .milliseconds(20))
            }
            return state.withLock { $0.outcome }
        }

        /// Closes the receiver kept open (after `result()`).
        func close() { state.withLock { $0.receiver }?.close() }
    }

    @Test func aRefusalIsAcknowledged() async throws {
        let harness = try await Harness(keepalive: 30)
        let device = try UDPClient(port: harness.port)
        #expect(try await device.register(Harness.deviceID, password: Harness.password)?.hasPrefix("SIP/2.0 200") == true)
        let playing = Playing(harness.platform, timeout: .seconds(5))
        let invite = try await Self.invite(at: device)
        device.send(invite.response(486, "Busy Here", toTag: "busy").serialised)
        let ack = try #require(await device.receive(timeout: 10) { $0.hasPrefix("ACK ") })
        #expect(ack.contains("CSeq: \(invite.cseq?.number ?? -1) ACK") && ack.contains("tag=busy"), "\(ack)")
        let result = await playing.result()
        #expect(result?.error?.contains("486") == true, "\(String(describing: result))")
        await harness.close()
    }

    @Test func aLateAnswerIsAcknowledgedAndHungUp() async throws {
        let harness = try await Harness(keepalive: 30)
        let device = try UDPClient(port: harness.port)
        #expect(try await device.register(Harness.deviceID, password: Harness.password)?.hasPrefix("SIP/2.0 200") == true)
        let playing = Playing(harness.platform, timeout: .milliseconds(1500))
        let invite = try await Self.invite(at: device)
        let played = try #require(await playing.result())
        // The whole timeout, fraction included (it was cut to whole seconds).
        #expect(played.error != nil && played.seconds > 1.4 && played.seconds < 6, "\(played)")
        // The device answers now, as a slow one would.
        device.send(invite.response(200, "OK", toTag: "late").serialised)
        let ack = try #require(await device.receive(timeout: 10) { $0.hasPrefix("ACK ") })
        let bye = try #require(await device.receive(timeout: 10) { $0.hasPrefix("BYE ") })
        #expect(ack.contains(invite.callID ?? "?") && bye.contains(invite.callID ?? "?") && bye.contains("tag=late"), "\(bye)")
        #expect(harness.platform.counters.lateAnswers == 1)
        await harness.close()
    }

    @Test func answersAndByesFromAnotherAddressChangeNothing() async throws {
        let harness = try await Harness(keepalive: 30)
        let device = try UDPClient(port: harness.port)
        #expect(try await device.register(Harness.deviceID, password: Harness.password)?.hasPrefix("SIP/2.0 200") == true)
        let playing = Playing(harness.platform, timeout: .seconds(10), keepOpen: true)
        defer { playing.close() }
        let invite = try await Self.invite(at: device)
        let callID = try #require(invite.callID)
        let intruder = try UDPClient(port: harness.port)
        // A refusal from elsewhere does not end the INVITE: it still waits for the device.
        intruder.send(invite.response(486, "Busy Here", toTag: "intruder").serialised)
        #expect(await eventually(5) { harness.platform.counters.foreignResponses == 1 }, "\(harness.platform.counters)")
        device.send(invite.response(200, "OK", toTag: "device").serialised)
        // `play` returns once video comes: one packet to the port the INVITE offered.
        let offered = String(decoding: invite.body, as: UTF8.self).firstMatch(of: /m=video (\d+)/).flatMap { Int($0.1) }
        try UDPClient(port: try #require(offered)).send([0x80, 0x60, 0, 1] + [UInt8](repeating: 0, count: 20))
        let played = try #require(await playing.result())
        #expect(played.error == nil, "\(played)")
        #expect(await device.receive(timeout: 10) { $0.hasPrefix("ACK ") }?.contains("tag=device") == true)
        // A BYE from elsewhere is refused and the stream goes on; the device's own BYE ends it.
        let forged = try await intruder.exchange(intruder.request("BYE", from: Harness.deviceID, callID: callID, cseq: 2))
        #expect(forged?.hasPrefix("SIP/2.0 403") == true, "\(forged ?? "no answer")")
        #expect(harness.platform.mediaCounters(channelID: Harness.channelID) != nil)
        let own = try await device.exchange(device.request("BYE", from: Harness.deviceID, callID: callID, cseq: 2))
        #expect(own?.hasPrefix("SIP/2.0 200") == true, "\(own ?? "no answer")")
        #expect(harness.platform.mediaCounters(channelID: Harness.channelID) == nil)
        // A 2xx to an INVITE nobody sent, from no registered device, is not answered (no ACK, no BYE to reflect).
        var stray = invite
        stray.headers = stray.headers.map { $0.name.lowercased() == "call-id" ? ($0.name, "stray-\(callID)") : $0 }
        intruder.send(stray.response(200, "OK", toTag: "stray").serialised)
        #expect(await intruder.receive(timeout: 1.5) { $0.hasPrefix("ACK ") || $0.hasPrefix("BYE ") } == nil)
        #expect(harness.platform.counters.foreignResponses == 2 && harness.platform.counters.lateAnswers == 0,
                "\(harness.platform.counters)")
        await harness.close()
    }
}
