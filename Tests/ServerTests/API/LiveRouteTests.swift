import Foundation
import HTTPTypes
import HummingbirdWSClient
import Logging
import NIOCore
import NIOWebSocket
import Server
import Synchronization
import Testing

/// `GET /api/cameras/{id}/live` on the real server: the WebSocket upgrade, the token as a subprotocol, role rules,
/// and the close reasons a browser shows. The views are a stand-in here (the fragments themselves are tested in
/// MediaTests.LiveFragmenterTests, and played by Chromium in scripts/check-console.py).
@Suite(.serialized)
struct LiveRouteTests {
    /// Cameras gate-a (grid A) and gate-b (grid B) send a start and one fragment, then end; hevc ends at once.
    struct StandInViews: LiveViews {
        struct Ended: Error, CustomStringConvertible { let description: String }

        func watch(camera: String) -> AsyncThrowingStream<LiveChunk, any Error>? {
            guard ["gate-a", "gate-b", "hevc"].contains(camera) else { return nil }
            return AsyncThrowingStream { continuation in
                if camera == "hevc" {
                    return continuation.finish(throwing: Ended(description: "live view plays H.264 only; this camera sends hevc"))
                }
                continuation.yield(.start(mimeType: "video/mp4; codecs=\"avc1.64001f\"", initSegment: Data([0, 0, 0, 8])))
                continuation.yield(.fragment(Data([1, 2, 3])))
                continuation.finish(throwing: Ended(description: "the camera's stream ended"))
            }
        }
    }

    struct Watched {
        var messages: [String]
        var code: Int?
        var reason: String
    }

    private func watch(_ api: API, camera: String, token: String?) async throws -> Watched {
        var headers = HTTPFields()
        headers[.secWebSocketProtocol] = (["sharpeyes"] + (token.map { ["bearer.\($0)"] } ?? [])).joined(separator: ", ")
        let messages = Mutex<[String]>([])
        let close = try await WebSocketClient.connect(url: "ws://127.0.0.1:\(api.port)/api/cameras/\(camera)/live",
                                                      configuration: .init(additionalHeaders: headers),
                                                      logger: Logger(label: "test.live")) { inbound, _, _ in
            for try await message in inbound.messages(maxSize: 1 << 20) {
                switch message {
                case .text(let text): messages.withLock { $0.append("text \(text)") }
                case .binary(let bytes): messages.withLock { $0.append("binary \(bytes.readableBytes)") }
                }
            }
        }
        let code: Int? = close.map { frame in
            if case .unknown(let number) = frame.closeCode { Int(number) } else { Int(UInt16(webSocketErrorCode: frame.closeCode)) }
        }
        return Watched(messages: messages.withLock { $0 }, code: code, reason: close?.reason ?? "")
    }

    @Test func aDispatcherGetsTheTypeThenTheInitSegmentAndFragments() async throws {
        let fixture = try APIFixture()
        try await fixture.withServer(configure: { $0.live = StandInViews() }) { api in
            let watched = try await watch(api, camera: "gate-a", token: api.tokens["dispatcher"])
            #expect(watched.messages == ["text video/mp4; codecs=\"avc1.64001f\"", "binary 4", "binary 3"])
            #expect(watched.code == 1001 && watched.reason.contains("ended"), "\(watched)")
            #expect(try await api.call("/api/me", as: "dispatcher").status == 200, "plain HTTP on the same server")
        }
    }

    @Test func refusalsAreCloseFramesWithAReason() async throws {
        let fixture = try APIFixture()
        try await fixture.withServer(configure: { $0.live = StandInViews() }) { api in
            let cases: [(String, String?, Int, String)] = [
                ("gate-a", nil, 4401, "token"), ("gate-a", "se_not-a-token", 4401, "unknown"),
                ("gate-a", api.tokens["patrol"], 4403, "patrol"), ("gate-b", api.tokens["community"], 4403, "grid"),
                ("nowhere", api.tokens["admin"], 4404, "nowhere"), ("hevc", api.tokens["admin"], 1003, "H.264"),
            ]
            for (camera, token, code, words) in cases {
                let watched = try await watch(api, camera: camera, token: token)
                #expect(watched.messages.isEmpty && watched.code == code && watched.reason.contains(words), "\(camera): \(watched)")
            }
            let own = try await watch(api, camera: "gate-a", token: api.tokens["community"])
            #expect(own.messages.count == 3, "a community token watches its own grid's camera")
        }
    }
}
