import Foundation
import AnalysisKit
import Server
import TestSupport
import Testing

/// `GET /api/cameras/{id}/live` on the real server: the WebSocket upgrade, the token as a subprotocol, role rules,
/// and the close reasons a browser shows. The views are a stand-in here (the fragments themselves are tested in
/// MediaTests.LiveFragmenterTests, and played by Chromium in scripts/check-console.py).
@Suite(.serialized)
struct LiveRouteTests {
    /// Cameras gate-a (grid A) and gate-b (grid B) send a start and one fragment, then end; mpeg4 ends at once (a codec the live view does not send).
    struct StandInViews: LiveViews {
        struct Ended: Error, CustomStringConvertible { let description: String }

        func watch(camera: String) -> AsyncThrowingStream<LiveChunk, any Error>? {
            guard ["gate-a", "gate-b", "mpeg4"].contains(camera) else { return nil }
            return AsyncThrowingStream { continuation in
                if camera == "mpeg4" {
                    return continuation.finish(throwing: Ended(description: "live view plays H.264 and H.265 only; this camera sends mpeg4"))
                }
                continuation.yield(.start(mimeType: "video/mp4; codecs=\"avc1.64001f\"", initSegment: Data([0, 0, 0, 8])))
                continuation.yield(.fragment(Data([1, 2, 3])))
                continuation.finish(throwing: Ended(description: "the camera's stream ended"))
            }
        }

        /// The mpeg4 camera's picture: a few JPEG bytes (the picture itself is MediaTests.PacketRingTests').
        func picture(camera: String) async throws -> [UInt8]? {
            camera == "mpeg4" || camera == "gate-b" ? [0xFF, 0xD8, 0xFF, 0xD9] : nil
        }
    }

    private func watch(_ api: API, camera: String, token: String?) async throws -> LiveSocket.Watched {
        try await LiveSocket.watch(port: api.port, camera: camera, token: token)
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
                ("nowhere", api.tokens["admin"], 4404, "nowhere"), ("mpeg4", api.tokens["admin"], 1003, "H.264"),
            ]
            for (camera, token, code, words) in cases {
                let watched = try await watch(api, camera: camera, token: token)
                #expect(watched.messages.isEmpty && watched.code == code && watched.reason.contains(words), "\(camera): \(watched)")
            }
            let own = try await watch(api, camera: "gate-a", token: api.tokens["community"])
            #expect(own.messages.count == 3, "a community token watches its own grid's camera")
        }
    }

    /// The cameras to watch: operations see every camera's status, a community token its grid's cameras by name
    /// and state only (no address, no counters), patrol none.
    @Test func aCommunityListsItsGridsCamerasToWatchAndNothingMore() async throws {
        let fixture = try APIFixture()
        var status = FakeStatus()
        status.cameraList = [CameraStatus(id: "gate-a", name: "Gate A", kind: "rtsp", url: "rtsp://10.0.0.7/a", state: .live),
                             CameraStatus(id: "gate-b", name: "Gate B", kind: "rtsp", url: "rtsp://10.0.0.8/b", state: .reconnecting)]
        try await fixture.withServer(status: status) { api in
            let community = try await api.call("/api/cameras", as: "community")
            #expect(community.status == 200)
            let listed = try #require(community.json as? [[String: Any]])
            #expect(listed.map { $0["id"] as? String } == ["gate-a"] && listed.first?["name"] as? String == "Gate A")
            #expect(listed.first?["state"] as? String == "live")
            #expect(listed.first.map { Set($0.keys) } == ["id", "name", "state"], "no address or counters: \(community.body)")
            let dispatcher = try await api.call("/api/cameras", as: "dispatcher")
            #expect((dispatcher.json as? [Any])?.count == 2 && dispatcher.body.contains("rtsp://10.0.0.8/b"))
            #expect(try await api.call("/api/cameras", as: "patrol").status == 403)
            #expect(try await api.call("/api/cameras/gate-a", as: "community").status == 403, "one camera's status stays operations'")
        }
    }

    /// A camera the live view cannot send is shown by its picture of the moment, under the same role rules.
    @Test func thePictureOfTheMomentKeepsTheLiveViewsRules() async throws {
        let fixture = try APIFixture()
        try await fixture.withServer(configure: { $0.live = StandInViews() }) { api in
            let picture = try await api.call("/api/cameras/mpeg4/picture.jpg", as: "dispatcher")
            #expect(picture.status == 200 && picture.headers["content-type"] == "image/jpeg" && picture.bytes == [0xFF, 0xD8, 0xFF, 0xD9])
            #expect(try await api.call("/api/cameras/mpeg4/picture.jpg", as: "patrol").status == 403)
            #expect(try await api.call("/api/cameras/gate-b/picture.jpg", as: "community").status == 403, "another grid's camera")
            #expect(try await api.call("/api/cameras/gate-a/picture.jpg", as: "admin").status == 404, "no picture yet")
            #expect(try await api.call("/api/cameras/mpeg4/picture.jpg").status == 401)
        }
    }
}
