import Foundation
import GB28181
import Logging
import TestSupport
import Testing

/// TCP connections to the SIP server are bounded in number and closed when silent.
@Suite(.serialized)
struct TCPLimitTests {
    static func server(connectionLimit: Int = 1024, idle: Int64 = 60) async throws -> (SIPServer, SIPServer.Listener) {
        let platform = SIPPlatform(
            settings: PlatformSettings(id: "34020000002000000001", domain: "3402000000", host: "127.0.0.1", port: freePort(),
                                       mediaAddress: "127.0.0.1", rtpPorts: 30000...30010, password: { _ in nil }),
            logger: Logger(label: "gb28181-test"))
        let server = SIPServer(platform: platform, logger: Logger(label: "gb28181-test"), connectionLimit: connectionLimit,
                               idleTimeout: .seconds(idle))
        return (server, try await server.listen())
    }

    @Test func connectionsOverTheLimitAreClosedAndCounted() async throws {
        let (server, listener) = try await Self.server(connectionLimit: 2)
        let port = server.platform.settings.port
        let kept = try [TCPClient(port: port), TCPClient(port: port)]
        // Both answered: both accepted and counted, before the third comes (accepts are set up on several loops).
        for client in kept {
            try await client.send(Array(MalformedSIPTests.options.utf8))
            #expect(await client.receiveFirst(timeout: 10).hasPrefix("SIP/2.0 200"))
        }
        let third = try TCPClient(port: port)
        let started = Date()
        #expect(await third.receiveAll(timeout: 15).isEmpty)
        #expect(Date().timeIntervalSince(started) < 5, "closed at once, not left open until the read times out")
        #expect(await eventually(2) { server.platform.counters.refusedConnections == 1 })
        // The two kept are still served.
        try await kept[1].send(Array(MalformedSIPTests.options.utf8))
        #expect(await kept[1].receiveFirst(timeout: 10).hasPrefix("SIP/2.0 200"))
        await listener.close()
    }

    @Test func aSilentConnectionIsClosed() async throws {
        let (server, listener) = try await Self.server(idle: 1)
        let client = try TCPClient(port: server.platform.settings.port)
        let started = Date()
        #expect(await client.receiveAll(timeout: 20).isEmpty)
        let waited = Date().timeIntervalSince(started)
        #expect(waited > 0.8 && waited < 8, "closed after about a second, not \(waited) s")
        await listener.close()
    }
}
