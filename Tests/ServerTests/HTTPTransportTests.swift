import Foundation
import Hummingbird
import HummingbirdTesting
import Incidents
import Logging
import Prometheus
import TestSupport
import Testing
@testable import Server

/// The HTTP transport against hostile clients, over real loopback sockets: every connection ends, and in time.
/// The server runs with short timeouts (1 s head and body, 2 s idle) so that each test waits seconds, not minutes;
/// each waits up to 15 s for what must happen within about 2.
struct HTTPTransportTests {
    static let timeouts = ConnectionTimeouts(head: .seconds(1), body: .seconds(1), idle: .seconds(2), linger: .milliseconds(500))
    static let patience = 15.0

    private func withServer(timeouts: ConnectionTimeouts = Self.timeouts,
                            _ body: @escaping @Sendable (Int) async throws -> Void) async throws {
        var logger = Logger(label: "test.transport")
        logger.logLevel = .error
        let store = try IncidentStore()
        _ = try store.insert(APIToken(name: "test", role: "admin", grid: nil, force: nil, secretHash: TokenSecret.hash(adminSecret)))
        let app = buildApplication(ServerSettings(host: "127.0.0.1", port: 0, timeouts: timeouts), status: FakeStatus(),
                                   registry: PrometheusCollectorRegistry(), api: APIServices(store: store), logger: logger)
        try await app.test(.live) { client in try await body(try #require(client.port)) }
    }

    private static func head(_ lines: String...) -> String { lines.joined(separator: "\r\n") + "\r\n\r\n" }

    @Test func anOverlongHeadIs400AndTheConnectionIsReleased() async throws {
        try await withServer { port in
            let connection = try RawConnection(port: port)
            await connection.send("GET /api/me HTTP/1.1\r\nHost: sharpeyes\r\nCookie: " + String(repeating: "a", count: 1 << 20), timeout: 3)
            let (answer, _) = await connection.readToEnd(timeout: Self.patience)
            #expect(answer.hasPrefix("HTTP/1.1 400"), "\(answer.prefix(200))")
            // Shutting only its sending side is not enough: the server must let go of the socket and its unread bytes.
            #expect(await connection.serverDropped(within: Self.patience), "the server still holds the connection")
        }
    }

    @Test func aHeadSentAByteAtATimeIsCutOffAtTheHeadTimeout() async throws {
        try await withServer { port in
            let connection = try RawConnection(port: port)
            await connection.send("GET /health HTTP/1.1\r\nHost: sharpeyes\r\n")
            let deadline = Date().addingTimeInterval(Self.patience)
            var received = [UInt8](), ended = false
            while !ended, Date() < deadline {
                await connection.send("X")
                switch await connection.read(timeout: 0.2) {
                case .bytes(let bytes): received += bytes
                case .closed, .reset: ended = true
                case .nothing: break
                }
            }
            #expect(ended, "a slowloris head was still being read after \(Self.patience) s")
            #expect(String(decoding: received, as: UTF8.self).hasPrefix("HTTP/1.1 408"))
        }
    }

    @Test func aBodyNeverSentIsAnswered408() async throws {
        try await withServer { port in
            let connection = try RawConnection(port: port)
            await connection.send(Self.head("POST /api/watchlists/plates HTTP/1.1", "Host: sharpeyes", "Authorization: Bearer \(adminSecret)",
                                            "Content-Type: application/json", "Content-Length: 100"))
            let (answer, ended) = await connection.readToEnd(timeout: Self.patience)
            #expect(ended, "a request whose body never came was still open after \(Self.patience) s")
            #expect(answer.hasPrefix("HTTP/1.1 408"), "\(answer.prefix(200))")
        }
    }

    @Test func anIdleKeptAliveConnectionIsClosed() async throws {
        try await withServer { port in
            let connection = try RawConnection(port: port)
            await connection.send(Self.head("GET /health HTTP/1.1", "Host: sharpeyes"))
            let (answer, ended) = await connection.readToEnd(timeout: Self.patience)
            #expect(answer.hasPrefix("HTTP/1.1 200"), "\(answer.prefix(200))")
            #expect(ended, "an idle connection was still open after \(Self.patience) s")
        }
    }

    /// NIO sends the answer to a CONNECT without a length (a tunnel would follow a 2xx): only a close ends it, and
    /// it must not wait for the idle timeout (a minute here).
    @Test func theAnswerToAConnectEndsWithAClose() async throws {
        try await withServer(timeouts: ConnectionTimeouts(idle: .seconds(60))) { port in
            let connection = try RawConnection(port: port)
            await connection.send(Self.head("CONNECT 127.0.0.1:22 HTTP/1.1", "Host: sharpeyes"))
            let (answer, ended) = await connection.readToEnd(timeout: Self.patience)
            #expect(answer.hasPrefix("HTTP/1.1 4"), "\(answer.prefix(200))")
            #expect(ended, "the answer to a CONNECT was not ended after \(Self.patience) s")
        }
    }

    /// A pipelined request's `100 Continue` waits for the answers before it: sent at once, it was read as part of the
    /// event stream still open ahead of it.
    @Test func aPipelinedContinueWaitsForTheAnswersBeforeIt() async throws {
        try await withServer { port in
            let connection = try RawConnection(port: port)
            await connection.send(Self.head("GET /api/events HTTP/1.1", "Host: sharpeyes", "Authorization: Bearer \(adminSecret)")
                      + Self.head("POST /api/watchlists/plates HTTP/1.1", "Host: sharpeyes", "Expect: 100-continue",
                                  "Authorization: Bearer \(adminSecret)", "Content-Type: application/json", "Content-Length: 40"))
            // The stream's head may come late on a loaded machine: wait for it with patience, then keep reading a
            // while for a continue that must not come.
            var received = ""
            if case .bytes(let bytes) = await connection.read(timeout: Self.patience) { received += String(decoding: bytes, as: UTF8.self) }
            let deadline = Date().addingTimeInterval(1.5)
            reading: while Date() < deadline {
                switch await connection.read(timeout: deadline.timeIntervalSinceNow) {
                case .bytes(let bytes): received += String(decoding: bytes, as: UTF8.self)
                case .closed, .reset: break reading
                case .nothing: continue
                }
            }
            #expect(received.hasPrefix("HTTP/1.1 200"), "the event stream answers first: \(received.prefix(300))")
            #expect(!received.contains("100 Continue"), "no continue inside the open stream: \(received.prefix(300))")
        }
    }

    @Test(arguments: [true, false])
    func expectContinueIsAnsweredAtOnce(withToken: Bool) async throws {
        try await withServer { port in
            let connection = try RawConnection(port: port)
            let body = #"{"plate":"京A12345","reason":"test"}"#
            await connection.send(Self.head("POST /api/watchlists/plates HTTP/1.1", "Host: sharpeyes", "Expect: 100-continue",
                                            withToken ? "Authorization: Bearer \(adminSecret)" : "X-No-Token: 1",
                                            "Content-Type: application/json", "Content-Length: \(body.utf8.count)"))
            guard case .bytes(let first) = await connection.read(timeout: 5) else {
                Issue.record("no answer to Expect: 100-continue within 5 s")
                return
            }
            let interim = String(decoding: first, as: UTF8.self)
            #expect(interim.hasPrefix("HTTP/1.1 100 Continue") || interim.hasPrefix("HTTP/1.1 401"), "\(interim)")
            await connection.send(body)
            let (rest, _) = await connection.readToEnd(timeout: 3)
            let final = interim + rest
            #expect(final.contains(withToken ? "HTTP/1.1 201" : "HTTP/1.1 401"), "\(final.prefix(400))")
        }
    }

    @Test func aMalformedChunkedBodyIs400() async throws {
        try await withServer { port in
            let connection = try RawConnection(port: port)
            await connection.send(Self.head("POST /api/watchlists/plates HTTP/1.1", "Host: sharpeyes", "Authorization: Bearer \(adminSecret)",
                                            "Content-Type: application/json", "Transfer-Encoding: chunked") + "zz\r\n{}\r\n0\r\n\r\n")
            let (answer, _) = await connection.readToEnd(timeout: Self.patience)
            #expect(answer.hasPrefix("HTTP/1.1 400"), "\(answer.prefix(300))")
        }
    }

    @Test(arguments: ["boundary=grenzé", "boundary=", "boundary=\"\"", "boundary=" + String(repeating: "b", count: 71), "boundary=a\u{1}b"])
    func aMultipartBoundaryRFC2046RefusesIs400AtOnce(parameter: String) async throws {
        try await withServer { port in
            let connection = try RawConnection(port: port)
            // The body is announced but never sent: the refusal must not wait for it.
            await connection.send(Self.head("POST /api/watchlists/faces HTTP/1.1", "Host: sharpeyes", "Authorization: Bearer \(adminSecret)",
                                            "Content-Type: multipart/form-data; \(parameter)", "Content-Length: 5000"))
            guard case .bytes(let bytes) = await connection.read(timeout: 5) else {
                Issue.record("no answer within 5 s to a multipart upload with \(parameter)")
                return
            }
            #expect(String(decoding: bytes, as: UTF8.self).hasPrefix("HTTP/1.1 400"), "\(String(decoding: bytes, as: UTF8.self))")
        }
    }

    @Test(arguments: ["/console/index.html%00.png", "/console/index.html%0a", "/console/%7f", "/api/cameras/%00", "/health%00"])
    func aControlByteInThePathIs400(path: String) async throws {
        try await withServer { port in
            let connection = try RawConnection(port: port)
            await connection.send(Self.head("GET \(path) HTTP/1.1", "Host: sharpeyes", "Authorization: Bearer \(adminSecret)", "Connection: close"))
            let (answer, _) = await connection.readToEnd(timeout: Self.patience)
            #expect(answer.hasPrefix("HTTP/1.1 400"), "\(path): \(answer.prefix(300))")
            #expect(!answer.lowercased().contains("image/png"))
        }
    }

    /// These tests hold for the channel `serve` runs, the one that upgrades a live view's request to a WebSocket:
    /// here it upgrades, then refuses in a close frame (no camera runs), 4404 = 0x11 0x34.
    @Test func theServerUnderTestUpgradesALiveView() async throws {
        try await withServer { port in
            let connection = try RawConnection(port: port)
            await connection.send(Self.head("GET /api/cameras/gate-1/live HTTP/1.1", "Host: sharpeyes", "Connection: Upgrade",
                                            "Upgrade: websocket", "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
                                            "Sec-WebSocket-Protocol: sharpeyes, bearer.\(adminSecret)"))
            var received = [UInt8]()
            let deadline = Date().addingTimeInterval(Self.patience)
            while Date() < deadline, !received.contains(0x88) {
                guard case .bytes(let bytes) = await connection.read(timeout: 1) else { continue }
                received += bytes
            }
            let text = String(decoding: received, as: UTF8.self)
            #expect(text.hasPrefix("HTTP/1.1 101"), "\(text.prefix(300))")
            let close = try #require(received.firstIndex(of: 0x88), "no close frame: \(text.prefix(300))")
            #expect(Array(received.dropFirst(close + 2).prefix(2)) == [0x11, 0x34], "\(received.suffix(from: close))")
        }
    }

    @Test func theConsoleIsStillServedWithItsType() async throws {
        try await withServer { port in
            let connection = try RawConnection(port: port)
            await connection.send(Self.head("GET /console/index.html HTTP/1.1", "Host: sharpeyes", "Connection: close"))
            let (answer, _) = await connection.readToEnd(timeout: Self.patience)
            #expect(answer.hasPrefix("HTTP/1.1 200"), "\(answer.prefix(300))")
            #expect(answer.lowercased().contains("content-type: text/html"))
        }
    }
}
