import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import AnalysisKit
import Testing
@testable import Server

struct HealthTests {
    @Test func allOkIs200() async throws {
        try await makeApp().test(.router) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                let body = try jsonObject(response.body)
                #expect(body["status"] as? String == "ok")
                #expect((body["components"] as? [Any])?.count == 2)
            }
        }
    }

    @Test(arguments: [
        (ComponentHealth.Status.degraded, 200, "degraded"),
        (.failed, 503, "failed"),
    ])
    func worstComponentDecides(component: ComponentHealth.Status, code: Int, overall: String) async throws {
        var status = FakeStatus()
        status.componentList.append(ComponentHealth(name: "delivery", status: component, detail: "webhook timed out"))
        try await makeApp(status: status).test(.router) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status.code == code)
                let body = try jsonObject(response.body)
                #expect(body["status"] as? String == overall)
                let components = try #require(body["components"] as? [[String: Any]])
                #expect(components.last?["detail"] as? String == "webhook timed out")
            }
        }
    }
}
