import Foundation
import NIOHTTP1
import GRDB
import Hummingbird
import Incidents
import Prometheus
import Testing
@testable import Server

/// Tokens and roles on the real server over loopback.
struct AccessTests {
    /// Every route but /health and /api/pair (a phone's pairing code, before it has a token), placeholders filled in.
    static func protectedPaths() throws -> [(HTTPRequest.Method, String)] {
        let fixture = try APIFixture()
        let router = buildRouter(status: EmptyStatus(), registry: PrometheusCollectorRegistry(), api: APIServices(store: fixture.store))
        return router.routes.map { route in
            let path = "\(route.path)".replacingOccurrences(of: "{plate}", with: "%E9%BB%91A12345")
                .replacingOccurrences(of: "{id}", with: "1")
            return (route.method, path.hasPrefix("/") ? path : "/" + path)
        }.filter { !["/health", "/api/pair"].contains($0.1) }
    }

    @Test func everyRouteButHealthRefusesAMissingOrUnknownToken() async throws {
        let fixture = try APIFixture()
        let paths = try Self.protectedPaths()
        #expect(paths.count >= 20, "\(paths)")
        try await fixture.withServer { api in
            for (method, path) in paths {
                let missing = try await api.call(path, method: HTTPMethod(rawValue: method.rawValue))
                #expect(missing.status == 401, "\(method) \(path) without a token: \(missing.status)")
                #expect(missing.headers["www-authenticate"]?.hasPrefix("Bearer") == true)
                let unknown = try await api.call(path, method: HTTPMethod(rawValue: method.rawValue), token: "se_not-a-token")
                #expect(unknown.status == 401, "\(method) \(path) with an unknown token: \(unknown.status)")
            }
            #expect(try await api.call("/health").status == 200)
        }
    }

    @Test func aRevokedTokenStopsWorkingAtOnce() async throws {
        let fixture = try APIFixture()
        try await fixture.withServer { api in
            #expect(try await api.call("/api/incidents", as: "investigator").status == 200)
            #expect(try fixture.store.revokeTokens(idOrName: "investigator").count == 1)
            let after = try await api.call("/api/incidents", as: "investigator")
            #expect(after.status == 401 && after.error == "unknown or revoked token")
        }
    }

    @Test func communitySeesOnlyRedactedIncidentsOfItsOwnGrid() async throws {
        let fixture = try APIFixture()
        let (faceA, _) = try fixture.raise(.face, camera: "gate-a", label: "Lin Wei", subject: "Lin Wei", reason: "wanted for fraud")
        let (plateB, incidentB) = try fixture.raise(.plate, camera: "gate-b", label: "黑A12345", subject: "黑A12345")
        try await fixture.withServer { api in
            let list = try await api.call("/api/incidents", as: "community")
            #expect(list.status == 200)
            #expect(list.items.count == 1)
            let seen = try #require(list.items.first)
            #expect(seen["camera_id"] as? String == "gate-a")
            for hidden in ["identity", "watchlist", "reason", "crop_url"] {
                #expect(seen[hidden] == nil, "community saw \(hidden): \(list.body)")
            }
            #expect(!list.body.contains("Lin Wei") && !list.body.contains("fraud"))
            #expect(try await api.call("/api/incidents/\(incidentB!.id!)", as: "community").status == 404)
            #expect(try await api.call("/api/sightings/\(plateB.id!)/snapshot.jpg", as: "community").status == 404,
                    "no media of another grid")
            let own = try await api.call("/api/sightings/\(faceA.id!)/snapshot.jpg", as: "community")
            #expect(own.status == 200 && own.headers["content-type"] == "image/jpeg")
            #expect(try await api.call("/api/sightings/\(faceA.id!)/crop.jpg", as: "community").status == 403, "never a face crop")
            let detail = try await api.call("/api/incidents/\(seen["id"] as? Int ?? 0)", as: "community")
            #expect(detail.status == 200 && !detail.body.contains("Lin Wei"), "\(detail.body)")
            for forbidden in ["/api/sightings", "/api/audit", "/api/incidents.csv", "/metrics", "/api/watchlists/plates"] {
                #expect(try await api.call(forbidden, as: "community").status == 403, "\(forbidden)")
            }
            // The police see everything, names included.
            let police = try await api.call("/api/incidents", as: "dispatcher")
            #expect(police.items.count == 2 && police.body.contains("Lin Wei"))
        }
    }

    @Test func patrolSeesItsOwnForceAndCannotReadTheAudit() async throws {
        let fixture = try APIFixture()
        try fixture.raise(.plate, camera: "gate-a", label: "黑A12345", subject: "黑A12345")
        try await fixture.withServer { api in
            #expect(try await api.call("/api/audit", as: "patrol").status == 403)
            let incidents = try await api.call("/api/incidents", as: "patrol")
            #expect(incidents.items.count == 1, "the patrol unit was sent to this incident")
            let orders = try await api.call("/api/orders", as: "patrol")
            let list = try #require(orders.json as? [[String: Any]])
            #expect(!list.isEmpty && list.allSatisfy { $0["force_id"] as? String == "patrol-near" }, "\(orders.body)")
            let mine = try #require(list.first?["id"] as? String)
            let ack = try await api.call("/api/orders/\(mine)/ack", as: "patrol", method: .POST)
            #expect(ack.status == 200 && ack.object["state"] as? String == "acknowledged", "\(ack.body)")
            let again = try await api.call("/api/orders/\(mine)/ack", as: "patrol", method: .POST)
            #expect(again.status == 409, "\(again.body)")
            let others = try #require(try await api.call("/api/orders", as: "dispatcher").json as? [[String: Any]])
            let workerOrder = try #require(others.first { $0["force_id"] as? String == "worker-a" }?["id"] as? String)
            #expect(try await api.call("/api/orders/\(workerOrder)/ack", as: "patrol", method: .POST).status == 403)
            let detail = try await api.call("/api/incidents/\(incidents.items[0]["id"] as? Int ?? 0)", as: "admin")
            let timeline = (detail.object["orders"] as? [[String: Any]])?.first { $0["id"] as? String == mine }
            let states = (timeline?["transitions"] as? [[String: Any]])?.compactMap { $0["to"] as? String }
            #expect(states == ["pending", "acknowledged"], "\(detail.body)")
        }
    }

    @Test func anInvestigatorsQueryIsAuditedWithItsFiltersAndRowCount() async throws {
        let fixture = try APIFixture()
        try fixture.raise(.plate, camera: "gate-a", label: "黑A12345", subject: "黑A12345")
        try fixture.raise(.plate, camera: "gate-b", label: "黑B77777", subject: "黑B77777")
        try await fixture.withServer { api in
            let query = try await api.call("/api/incidents?camera=gate-a&severity=high", as: "investigator")
            #expect(query.status == 200 && query.items.count == 1)
            let audit = try await api.call("/api/audit", as: "admin")
            let entry = try #require(audit.items.first { $0["route"] as? String == "/api/incidents" })
            #expect(entry["actor"] as? String == "investigator")
            #expect(entry["role"] as? String == "investigator")
            #expect(entry["filters"] as? [String: String] == ["camera": "gate-a", "severity": "high"])
            #expect(entry["rows"] as? Int == 1)
            #expect(try await api.call("/api/audit", as: "investigator").status == 403)
        }
        // Nothing can change the log, not even SQL through the store.
        #expect(throws: (any Error).self) { try fixture.store.writer.write { try $0.execute(sql: "DELETE FROM auditEntry") } }
        #expect(throws: (any Error).self) { try fixture.store.writer.write { try $0.execute(sql: "UPDATE auditEntry SET rows = 0") } }
    }
}
