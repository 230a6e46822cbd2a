import Foundation
import Incidents
import Testing

/// A filter on what a role's redaction hides would undo the redaction (the rows that come back say who or which
/// list): every history route refuses it with 403, for every role that redaction applies to, and applies it for
/// the others as before.
struct RedactedFilterTests {
    static let roles = ["admin", "investigator", "dispatcher", "patrol", "community", "community-b"]

    /// Each history route with a filter naming a hidden value.
    static let probes = [
        "/api/incidents?subject=Lin%20Wei", "/api/incidents?watchlist=wanted", "/api/incidents?watchlist=missing,wanted",
        "/api/incidents.csv?subject=Lin%20Wei", "/api/incidents.json?watchlist=wanted", "/api/sightings?subject=Lin%20Wei",
    ]

    @Test func filtersOnWhatARoleIsNotShownAreRefusedOnEveryRouteForEveryRole() async throws {
        let fixture = try APIFixture()
        try fixture.raise(.face, camera: "gate-a", label: "Lin Wei", subject: "Lin Wei")
        try fixture.raise(.plate, camera: "gate-a", label: "黑A12345", subject: "黑A12345")
        try await fixture.withServer { api in
            for probe in Self.probes {
                let unfiltered = String(probe.prefix { $0 != "?" })
                for role in Self.roles {
                    let reply = try await api.call(probe, as: role)
                    let redacted = role.hasPrefix("community")
                    let expected = redacted ? 403 : try await api.call(unfiltered, as: role).status
                    #expect(reply.status == expected, "\(role) \(probe): \(reply.status) \(reply.body.prefix(200))")
                    if redacted { #expect(!reply.body.contains("Lin Wei") && !reply.body.contains("\"items\"")) }
                }
            }
        }
    }

    @Test func aCommunityTokenLearnsNothingFromASubjectOrWatchlistFilter() async throws {
        let fixture = try APIFixture()
        try fixture.raise(.face, camera: "gate-a", label: "Lin Wei", subject: "Lin Wei")
        try fixture.raise(.plate, camera: "gate-a", label: "黑A12345", subject: "黑A12345")
        try await fixture.withServer { api in
            let bySubject = try await api.call("/api/incidents?subject=Lin%20Wei", as: "community")
            #expect(bySubject.status == 403 && bySubject.error.hasPrefix("subject:"), "\(bySubject.body)")
            let byList = try await api.call("/api/incidents?watchlist=wanted", as: "community")
            #expect(byList.status == 403 && byList.error.hasPrefix("watchlist:"), "\(byList.body)")
            // What community is shown stays filterable.
            let byPlate = try await api.call("/api/incidents?plate=%E9%BB%91A12345&severity=high&kind=plate", as: "community")
            #expect(byPlate.status == 200 && byPlate.items.count == 1, "\(byPlate.body)")
            // The police filter as before.
            let police = try await api.call("/api/incidents?subject=Lin%20Wei", as: "dispatcher")
            #expect(police.status == 200 && police.items.count == 1)
            // The refused probes are in the audit log.
            let probes = try fixture.store.auditEntries(actor: "community").filter { $0.status == 403 }
            #expect(probes.count == 2 && probes.allSatisfy { $0.route == "/api/incidents" && $0.filters.contains("refusal") },
                    "\(probes)")
        }
    }
}
