import Foundation
import Incidents
import NIOHTTP1
import Testing

/// Every error carries a stable code beside its English message, which the console translates: the messages a
/// person meets most (sign-in, roles, acting on orders) have codes of their own, the rest their status's.
struct ErrorCodeTests {
    @Test func theCommonRefusalsHaveTheirOwnCodes() async throws {
        let fixture = try APIFixture()
        try fixture.raise(.plate, camera: "gate-a", label: "黑A12345", subject: "黑A12345")
        try await fixture.withServer { api in
            #expect(try await api.call("/api/incidents").object["code"] as? String == "token_required")
            #expect(try await api.call("/api/incidents", token: "se_unknown").object["code"] as? String == "token_unknown")
            #expect(try await api.call("/api/audit", as: "dispatcher").object["code"] as? String == "role_forbidden")
            let orders = try #require(try await api.call("/api/orders", as: "dispatcher").json as? [[String: Any]])
            let mine = try #require(orders.first { $0["force_id"] as? String == "patrol-near" }?["id"] as? String)
            let workers = try #require(orders.first { $0["force_id"] as? String == "worker-a" }?["id"] as? String)
            #expect(try await api.call("/api/orders/\(mine)/ack", as: "patrol", method: .POST).status == 200)
            let again = try await api.call("/api/orders/\(mine)/ack", as: "patrol", method: .POST)
            #expect(again.status == 409 && again.object["code"] as? String == "order_state", "\(again.body)")
            let notMine = try await api.call("/api/orders/\(workers)/ack", as: "patrol", method: .POST)
            #expect(notMine.status == 403 && notMine.object["code"] as? String == "order_not_yours", "\(notMine.body)")
            let missing = try await api.call("/api/orders/0000/ack", as: "dispatcher", method: .POST)
            #expect(missing.status == 404 && missing.object["code"] as? String == "order_not_found", "\(missing.body)")
            let bad = try await api.call("/api/incidents?severity=loud", as: "dispatcher")
            #expect(bad.status == 400 && bad.object["code"] as? String == "invalid_input" && !bad.error.isEmpty, "\(bad.body)")
        }
    }
}
