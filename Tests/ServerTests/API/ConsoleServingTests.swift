import Foundation
import Hummingbird
import HummingbirdTesting
import Incidents
import NIOCore
import Prometheus
import Testing
@testable import Server

/// The console's files are served without a token, with the headers that keep the page to its own scripts, and
/// `GET /api/me` tells the console which pages and buttons a role may use.
struct ConsoleServingTests {
    @Test func theIndexAndItsFilesNeedNoTokenAndCarryTheSecurityHeaders() async throws {
        let fixture = try APIFixture()
        try await fixture.withServer { api in
            let index = try await api.call("/")
            #expect(index.status == 200 && index.body.contains("<main id=\"main\""), "\(index.status) \(index.body.prefix(200))")
            #expect(index.headers["content-type"] == "text/html; charset=utf-8")
            #expect(index.headers["content-security-policy"]?.hasPrefix("default-src 'self'; img-src 'self' blob: data:") == true)
            #expect(index.headers["x-content-type-options"] == "nosniff" && index.headers["referrer-policy"] == "no-referrer")
            #expect(!index.body.contains("<script>") && !index.body.contains("//cdn"), "no inline script, nothing from elsewhere")
            let script = try await api.call("/console/js/app.js")
            #expect(script.status == 200 && script.headers["content-type"]?.hasPrefix("text/javascript") == true)
            #expect(try await api.call("/console/nothing.js").status == 404)
            #expect(try await api.call("/console/../openapi.yaml").status == 400, "nothing outside the console's folder")
            #expect(try await api.call("/api/incidents").status == 401, "the data still needs a token")
        }
    }

    @Test(arguments: [
        ("dispatcher", ["incidents", "trajectories", "orders", "events", "operations", "live_view", "read_watchlists", "pair_devices"]),
        ("community", ["incidents", "orders", "events", "live_view", "communities"]),
        ("patrol", ["incidents", "orders", "events"]),
    ])
    func meListsTheRolesCapabilities(role: String, capabilities: [String]) async throws {
        let fixture = try APIFixture()
        try await fixture.withServer { api in
            let me = try await api.call("/api/me", as: role)
            #expect(me.status == 200)
            #expect(me.object["role"] as? String == role && me.object["name"] as? String == role)
            #expect(me.object["capabilities"] as? [String] == capabilities)
            if role == "community" { #expect(me.object["grid"] as? String == "A" && me.object["force"] as? String == "worker-a") }
            #expect(try await api.call("/api/me").status == 401)
        }
    }

    @Test func aServerWithoutTheConsoleFilesSaysSoAndKeepsServing() async throws {
        #expect(ConsoleFiles.folder != nil, "the console is found beside the binary or in the source tree")
        let router = buildRouter(status: EmptyStatus(), registry: PrometheusCollectorRegistry(), api: APIServices(store: try IncidentStore()),
                                 console: nil)
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body).contains("not installed"))
            }
            try await client.execute(uri: "/health", method: .get) { response in #expect(response.status == .ok) }
        }
    }
}
