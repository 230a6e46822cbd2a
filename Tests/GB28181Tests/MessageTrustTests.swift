import Foundation
import GB28181
import TestSupport
import Testing

/// What a device (or someone writing its ID in From) may tell the platform: 20-digit IDs only, MESSAGEs only from
/// where the device registered, Catalog answers only to the query asked.
@Suite(.serialized)
struct MessageTrustTests {
    static let headers = "Content-Type: Application/MANSCDP+xml\r\n"

    @Test func aCatalogKeepsOnlyChannelsWithTwentyDigitIDs() async throws {
        // Keepalives every 30 s: the device stays online through the test without sending any.
        let harness = try await Harness(keepalive: 30)
        let device = try UDPClient(port: harness.port)
        #expect(try await device.register(Harness.deviceID, password: Harness.password)?.hasPrefix("SIP/2.0 200") == true)
        let sn = try #require(await device.catalogQuery())
        let ids = [Harness.channelID, "../../x", "3402000000\r\n1310000002", "3402000000131000000"]
        let body = UDPClient.catalog(sn: sn, deviceID: Harness.deviceID, channelIDs: ids)
        let answer = try await device.exchange(device.request("MESSAGE", from: Harness.deviceID, headers: Self.headers, body: body))
        #expect(answer?.hasPrefix("SIP/2.0 200") == true, "\(answer ?? "no answer")")
        // The 200 goes out before the platform has stored the answer.
        #expect(await eventually(2) { harness.platform.devices.first?.channels.map(\.id) == [Harness.channelID] },
                "\(harness.platform.devices)")
        #expect(harness.platform.counters.badChannelIDs == 3, "\(harness.platform.counters)")
        // An answer to a query never sent (or already complete) changes nothing.
        let other = UDPClient.catalog(sn: sn + 1000, deviceID: Harness.deviceID, channelIDs: ["34020000001310000009"])
        #expect(try await device.exchange(device.request("MESSAGE", from: Harness.deviceID, headers: Self.headers, body: other))?
            .hasPrefix("SIP/2.0 200") == true)
        #expect(harness.platform.devices.first?.channels.map(\.id) == [Harness.channelID])
        #expect(await eventually(2) { harness.platform.counters.unsolicitedCatalogs == 1 }, "\(harness.platform.counters)")
        await harness.close()
    }

    @Test func messagesForADeviceFromAnotherAddressAreRefused() async throws {
        // Keepalives every 30 s: the device stays online through the test without sending any.
        let harness = try await Harness(keepalive: 30)
        let device = try UDPClient(port: harness.port)
        #expect(try await device.register(Harness.deviceID, password: Harness.password)?.hasPrefix("SIP/2.0 200") == true)
        let sn = try #require(await device.catalogQuery())
        let intruder = try UDPClient(port: harness.port)
        let keepalive = UDPClient.manscdp("Notify", "Keepalive", sn: 5, deviceID: Harness.deviceID, inner: "<Status>OK</Status>\r\n")
        let forged = UDPClient.catalog(sn: sn, deviceID: Harness.deviceID, channelIDs: ["34020000001310000066"])
        for body in [keepalive, forged] {
            let answer = try await intruder.exchange(intruder.request("MESSAGE", from: Harness.deviceID, headers: Self.headers, body: body))
            #expect(answer?.hasPrefix("SIP/2.0 403") == true, "\(answer ?? "no answer")")
        }
        #expect(harness.platform.counters.foreignMessages == 2 && harness.platform.counters.keepalives == 0)
        #expect(harness.platform.devices.first?.channels.isEmpty == true)
        // The device itself is heard.
        #expect(try await device.exchange(device.request("MESSAGE", from: Harness.deviceID, headers: Self.headers, body: keepalive))?
            .hasPrefix("SIP/2.0 200") == true)
        #expect(await eventually(2) { harness.platform.counters.keepalives == 1 })
        await harness.close()
    }

    @Test(arguments: ["../../x", "3402000000132000000", "34020000001320000001x", "3402000000132000000１"])
    func aRegisterOrMessageFromAnIDThatIsNotTwentyDigitsIsRefused(id: String) async throws {
        let harness = try await Harness()
        let client = try UDPClient(port: harness.port)
        for method in ["REGISTER", "MESSAGE"] {
            let answer = try await client.exchange(client.request(method, from: id, headers: Self.headers))
            #expect(answer?.hasPrefix("SIP/2.0 400") == true, "\(method) \(id): \(answer ?? "no answer")")
        }
        #expect(harness.platform.devices.isEmpty && harness.platform.counters.badDeviceIDs == 2)
        await harness.close()
    }
}
