import Foundation
import Incidents
import NIOHTTP1
import Testing

/// Through the real router: a grid worker's acknowledgement leaves the patrol's order open and the incident open;
/// the patrol's makes it acknowledged.
struct IncidentStatusTests {
    @Test func theIncidentReadsAcknowledgedOnlyAfterThePatrolAcknowledges() async throws {
        let fixture = try APIFixture()
        let (_, incident) = try fixture.raise(.face, camera: "gate-a", label: "Lin Wei", subject: "Lin Wei")
        let id = try #require(incident?.id)
        try await fixture.withServer { api in
            let orders = try #require(try await api.call("/api/orders", as: "dispatcher").json as? [[String: Any]])
            let orderOf = { (force: String) in orders.first { $0["force_id"] as? String == force }?["id"] as? String }
            let worker = try #require(orderOf("worker-a")), patrol = try #require(orderOf("patrol-near"))

            let seen = try await api.call("/api/orders/\(worker)/ack", as: "community", method: .POST)
            #expect(seen.status == 200, "\(seen.body)")
            var detail = try await api.call("/api/incidents/\(id)", as: "admin")
            #expect((detail.object["incident"] as? [String: Any])?["status"] as? String == "open", "\(detail.body)")
            let patrolState = (detail.object["orders"] as? [[String: Any]])?.first { $0["id"] as? String == patrol }?["state"] as? String
            #expect(patrolState == "pending", "\(detail.body)")

            let taken = try await api.call("/api/orders/\(patrol)/ack", as: "patrol", method: .POST)
            #expect(taken.status == 200, "\(taken.body)")
            detail = try await api.call("/api/incidents/\(id)", as: "admin")
            #expect((detail.object["incident"] as? [String: Any])?["status"] as? String == "acknowledged", "\(detail.body)")
            let list = try await api.call("/api/incidents?status=acknowledged", as: "dispatcher")
            #expect(list.items.compactMap { $0["id"] as? Int } == [Int(id)], "\(list.body)")
        }
    }
}
