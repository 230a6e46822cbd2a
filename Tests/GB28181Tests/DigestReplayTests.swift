import Foundation
import GB28181
import TestSupport
import Testing

/// A correct digest answer counts once: sent again it is challenged, and a realm other than the domain is refused.
@Suite(.serialized)
struct DigestReplayTests {
    @Test func aReplayedRegisterIsChallengedAndAHigherCountIsTaken() async throws {
        let harness = try await Harness(keepalive: 30)
        let device = try UDPClient(port: harness.port)
        let callID = UUID().uuidString
        let nonce = try #require(try await device.challenge(Harness.deviceID, callID: callID))
        let first = device.authorized(Harness.deviceID, password: Harness.password, nonce: nonce, callID: callID, cseq: 2)
        #expect(try await device.exchange(first)?.hasPrefix("SIP/2.0 200") == true)
        // The same bytes again, as someone who captured them would send them.
        #expect(try await device.exchange(first)?.hasPrefix("SIP/2.0 401") == true)
        #expect(harness.platform.counters.replays == 1 && harness.platform.counters.registrations == 1)
        // The device itself counts on.
        let next = device.authorized(Harness.deviceID, password: Harness.password, nonce: nonce, nc: "00000002", callID: callID, cseq: 3)
        #expect(try await device.exchange(next)?.hasPrefix("SIP/2.0 200") == true)
        #expect(harness.platform.counters.registrations == 2)
        await harness.close()
    }

    @Test func anotherRealmIsRefused() async throws {
        let harness = try await Harness(keepalive: 30)
        let device = try UDPClient(port: harness.port)
        let callID = UUID().uuidString
        let nonce = try #require(try await device.challenge(Harness.deviceID, callID: callID))
        let answer = device.authorized(Harness.deviceID, password: Harness.password, nonce: nonce, realm: "elsewhere",
                                       callID: callID, cseq: 2)
        #expect(try await device.exchange(answer)?.hasPrefix("SIP/2.0 403") == true)
        #expect(harness.platform.devices.isEmpty && harness.platform.counters.refused == 1)
        await harness.close()
    }
}
