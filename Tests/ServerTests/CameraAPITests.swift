import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import Server

struct CameraAPITests {
    @Test func listIsSortedWithSnakeCaseKeys() async throws {
        try await makeApp().test(.router) { client in
            try await client.execute(uri: "/api/cameras", method: .get, headers: adminHeaders) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                let list = try #require(JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [[String: Any]])
                #expect(list.map { $0["id"] as? String } == ["gate-north", "yard"])
                let gate = list[0]
                #expect(gate["input_fps"] as? Double == 25)
                #expect(gate["analysed_fps"] as? Double == 5)
                #expect(gate["frames_decoded"] as? Int == 1500)
                #expect(gate["frames_dropped"] as? Int == 3)
                #expect(gate["last_frame_at"] as? String == "2025-10-09T08:53:20Z")
                #expect(gate["state"] as? String == "live")
                let yard = list[1]
                #expect(yard["retry_in_seconds"] as? Double == 8)
                #expect(yard["failed_attempts"] as? Int == 2)
                #expect(yard["last_error"] as? String == "connection refused")
            }
        }
    }

    @Test func oneCamera() async throws {
        try await makeApp().test(.router) { client in
            try await client.execute(uri: "/api/cameras/yard", method: .get, headers: adminHeaders) { response in
                #expect(response.status == .ok)
                let camera = try StatusJSON.decoder().decode(CameraStatusWire.self, from: Data(response.body.readableBytesView))
                #expect(camera.id == "yard")
                #expect(camera.state == "reconnecting")
            }
        }
    }

    @Test(arguments: [
        ("/api/cameras/nope", "no camera 'nope'", "camera_not_found"),
        ("/api/nothing", "no route for GET /api/nothing", "route_not_found"),
        // `/` is the console's index now; a path neither a route nor a console file is still the JSON 404.
        ("/favicon.ico", "no route for GET /favicon.ico", "route_not_found"),
    ])
    func unknownIs404JSON(uri: String, message: String, code: String) async throws {
        try await makeApp().test(.router) { client in
            try await client.execute(uri: uri, method: .get, headers: adminHeaders) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                let body = try jsonObject(response.body)
                #expect(body as? [String: String] == ["error": message, "code": code])
            }
        }
    }
}

/// The fields a client reads, decoded the way `StatusClient` decodes.
private struct CameraStatusWire: Decodable {
    var id: String
    var state: String
}
