import Foundation
import Incidents
import Testing

/// Query parameters a filter cannot use are 400s naming the parameter, on every route, and refused history reads
/// are audited like the others.
struct QueryValidationTests {
    /// Routes with the text parameters they take (as admin, who may call them all).
    static let routes: [(path: String, parameters: [String])] = [
        ("/api/incidents", ["camera", "kind", "type", "severity", "status", "watchlist", "subject", "plate", "grid", "from", "to",
                            "order", "cursor", "limit", "fuzzy"]),
        ("/api/incidents.csv", ["camera", "severity", "subject", "grid"]),
        ("/api/incidents.json", ["camera", "severity", "watchlist", "grid"]),
        ("/api/sightings", ["camera", "kind", "subject", "plate", "grid", "from", "order", "cursor"]),
        ("/api/orders", ["state", "force", "incident", "limit"]),
        ("/api/audit", ["actor", "from", "to", "before", "limit"]),
        ("/api/plates/%E9%BB%91A12345/trajectory", ["from", "to", "fuzzy"]),
        ("/api/identities/1/trajectory", ["from", "to"]),
        ("/api/events", ["last_event_id"]),
    ]

    @Test func aSeverityThatIsNotALevelIsRefused() async throws {
        let fixture = try APIFixture()
        try fixture.raise(.plate, camera: "gate-a", label: "黑A12345", subject: "黑A12345")
        try await fixture.withServer { api in
            for path in ["/api/incidents", "/api/incidents.csv", "/api/incidents.json"] {
                for value in ["bogus", "high%00", "HIGH", "high,bogus"] {
                    let reply = try await api.call("\(path)?severity=\(value)", as: "investigator")
                    #expect(reply.status == 400 && reply.error.hasPrefix("severity:"), "\(path) severity=\(value): \(reply.status) \(reply.body)")
                }
                #expect(try await api.call("\(path)?severity=high,critical", as: "investigator").status == 200)
            }
        }
    }

    @Test func aControlCharacterIsRefusedInEveryTextParameter() async throws {
        let fixture = try APIFixture()
        try await fixture.withServer { api in
            for (path, parameters) in Self.routes {
                for parameter in parameters {
                    for bad in ["high%00", "a%01b", "x%0Ay", "%7F"] {
                        let reply = try await api.call("\(path)?\(parameter)=\(bad)", as: "admin")
                        #expect(reply.status == 400 && reply.error.hasPrefix(parameter), "\(path)?\(parameter)=\(bad): \(reply.status) \(reply.body)")
                    }
                }
            }
        }
    }

    @Test func refusedHistoryReadsAreAudited() async throws {
        let fixture = try APIFixture()
        try await fixture.withServer { api in
            #expect(try await api.call("/api/incidents?severity=bogus", as: "investigator").status == 400)
            #expect(try await api.call("/api/sightings?camera=gate%00a", as: "investigator").status == 400)
            #expect(try await api.call("/api/incidents.csv?kind=plane", as: "investigator").status == 400)
            #expect(try await api.call("/api/incidents/424242", as: "investigator").status == 404)
            #expect(try await api.call("/api/plates/%00/trajectory", as: "investigator").status == 400)
            let entries = try fixture.store.auditEntries(actor: "investigator")
            let byRoute = Dictionary(entries.map { ($0.route, $0) }, uniquingKeysWith: { a, _ in a })
            for (route, status, name, value) in [
                ("/api/incidents", 400, "severity", "bogus"), ("/api/sightings", 400, "camera", "gate\u{0}a"),
                ("/api/incidents.csv", 400, "kind", "plane"), ("/api/incidents/{id}", 404, "path", "/api/incidents/424242"),
                ("/api/plates/{plate}/trajectory", 400, "path", "/api/plates/%00/trajectory"),
            ] {
                let entry = try #require(byRoute[route], "no audit entry for the refused \(route): \(entries)")
                let filters = try JSONDecoder().decode([String: String].self, from: Data(entry.filters.utf8))
                #expect(entry.status == status && entry.rows == 0 && filters["refusal"] != nil, "\(entry)")
                #expect(filters[name] == value, "\(route): \(filters)")
            }
        }
    }
}
