import Hummingbird
import HummingbirdTesting
import NIOCore
import Pipeline
import Testing
@testable import Server

/// Over a real loopback socket: the server as the `sharpeyes status` command reaches it.
struct LiveServerTests {
    @Test func statusClientReadsTheCameras() async throws {
        try await makeApp().test(.live) { client in
            let port = try #require(client.port)
            // The server shares this test process's two cooperative threads with every other suite (the CLI suites
            // block them while waiting for their children): give it more than the client's 5 s default.
            let cameras = try await StatusClient.fetchCameras(baseURL: "http://localhost:\(port)/", token: adminSecret,
                                                              timeout: .seconds(60))
            #expect(cameras == [FakeStatus.gate, FakeStatus.yard])
        }
    }

    @Test func liveHealthAnswers() async throws {
        try await makeApp().test(.live) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.server] == "sharpeyes")
            }
        }
    }

    @Test func refusedConnectionIsSaidPlainly() async throws {
        // Port 1 (tcpmux) has no listener on a build machine.
        let error = await #expect(throws: StatusClientError.self) {
            try await StatusClient.fetchCameras(baseURL: "http://127.0.0.1:1", token: adminSecret)
        }
        #expect(error?.description == "cannot reach http://127.0.0.1:1: connection refused")
    }

    @Test func notAnHTTPURL() async throws {
        let error = await #expect(throws: StatusClientError.self) {
            try await StatusClient.fetchCameras(baseURL: "127.0.0.1:8080", token: adminSecret)
        }
        #expect(error?.description == "'127.0.0.1:8080' is not an http:// or https:// URL")
    }
}
