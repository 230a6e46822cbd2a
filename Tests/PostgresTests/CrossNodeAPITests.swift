import Foundation
import PostgresStore
import TestSupport
import Testing

/// Three nodes of one PostgreSQL, through the built binary: a and b analyse a looped camera each, c serves the API
/// only. What one node records, any other node's API and live feed show; a plate listed through c's API reaches a's
/// camera.
@Suite(.childProcesses)
struct CrossNodeAPITests {
    private static let plate = "川A095Q5"
    /// The slideshow's length: a looped camera shows each of its plates once per this many seconds.
    private static let pass = 10.0
    /// How long a watchlist change may take to reach another node (the issue's fan-out bound).
    private static let fanOut = 2.0

    @Test func anotherNodesIncidentsReachTheInvestigatorTheLiveFeedAndTheHotlist() async throws {
        try await PostgresCluster.shared().withDatabase { database in
            let a = try Self.node(database, id: "a", camera: "gate-a"), b = try Self.node(database, id: "b", camera: "gate-b")
            let c = try Self.node(database, id: "c", camera: nil)
            let admin = try await c.createToken(), investigator = try await c.createToken(role: "investigator")
            let servers = try await [c.startServing(), a.startServing(), b.startServing()]
            defer { for server in servers { server.signal(SIGKILL) } }
            let feed = try await ChildProcess.start("/usr/bin/curl", ["-s", "-N", "-m", "300", "-H", "Authorization: Bearer \(investigator)",
                                                                "\(c.base)/api/events"])
            defer { feed.signal(SIGKILL) }
            try #require(await feed.waitUntil(30) { $0.stdout.contains(": connected") }, "c's live feed opens: \(feed.stdout)")

            // The hotlist, through c's API: no node has the plate listed before this.
            let listedAt = Date()
            let listed = await http("POST", "\(c.base)/api/watchlists/plates", token: admin, headers: ["Content-Type: application/json"],
                                    body: #"{"plate": "\#(Self.plate)", "reason": "stolen"}"#)
            try #require(listed.status == 201, "listed through c: \(listed)")
            let found = try await Self.firstIncident(at: "gate-a", in: database, feed: feed, within: 120)
            let first = try #require(found, "a's camera raised no incident after the listing: \(servers[1].stderr.suffix(1500))")

            // One pass: the change reached a (fan-out) and the plate came round once more; the sighting's times are
            // the clip's, so this holds however loaded the machine is.
            let seenAfter = first.firstSeen.timeIntervalSince(listedAt)
            print("plate listed through node c → incident on node a's camera: first seen \(String(format: "%.1f", seenAfter)) s, "
                  + "committed \(String(format: "%.1f", first.committed.timeIntervalSince(listedAt))) s after the listing (clip \(Self.pass) s)")
            #expect(seenAfter <= Self.pass + Self.fanOut, "the incident comes from the first pass after the change reached a: \(seenAfter) s")

            // c's live feed: the event arrives within a second of the commit (the promise; the time is printed). The
            // bound only catches a feed that does not follow other nodes' commits at all (it polled nothing, or only
            // at reconnects): three debug nodes on two cores with a build beside them took 3.2 s once.
            let arrival = try #require(first.arrived, "c's feed never carried a's incident \(first.id): \(feed.stdout.suffix(800))")
            let latency = arrival.timeIntervalSince(first.committed)
            print("node a's incident on node c's live feed: \(String(format: "%.0f", latency * 1000)) ms after its commit")
            let notFollowing = 15.0
            #expect(latency < notFollowing, "c's feed shows a's incident \(latency) s after its commit (promise: 1 s)")

            try await Self.expectInvestigatorFinds(first.id, on: b, token: investigator, database: database)
            for server in servers { server.signal(SIGTERM) }
            for server in servers { #expect(await server.exit(timeout: 60) == 0, "\(server.stderr.suffix(800))") }
        }
    }

    /// On node b, an investigator's token lists a's incident and follows the plate over a's and b's cameras.
    private static func expectInvestigatorFinds(_ incident: Int64, on b: PostgresNode, token: String,
                                                database: PostgresTestDatabase) async throws {
        let page = await httpJSON("\(b.base)/api/incidents?camera=gate-a", token: token) as? [String: Any]
        let items = page?["items"] as? [[String: Any]] ?? []
        #expect(items.contains { ($0["id"] as? Int).map(Int64.init) == incident }, "b lists a's incident \(incident): \(items)")
        #expect(!items.isEmpty && items.allSatisfy { $0["camera_id"] as? String == "gate-a" }, "\(items)")
        // b's own camera reads the plate too once its next pass comes round.
        var cameras: Set<String> = []
        let path = Self.plate.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? Self.plate
        let both = await waitUntil(120) {
            let trajectory = await httpJSON("\(b.base)/api/plates/\(path)/trajectory", token: token) as? [String: Any]
            cameras = Set((trajectory?["points"] as? [[String: Any]] ?? []).compactMap { $0["camera_id"] as? String })
            return cameras.isSuperset(of: ["gate-a", "gate-b"])
        }
        #expect(both, "the trajectory through b covers both nodes' cameras: \(cameras)")
    }

    /// A node with one looped plate camera (`camera`), or an API-only node without cameras.
    private static func node(_ database: PostgresTestDatabase, id: String, camera: String?) throws -> PostgresNode {
        let cameras = camera.map {
            "  - {id: \($0), kind: file, url: \(Fixtures.path("plates/slideshow.mp4")), loop: true, realtime: true, stages: [plates]}"
        } ?? "  []"
        return try PostgresNode(database: database, cameras: cameras,
                                extra: "\nnode: {id: \(id), roles: [\(camera == nil ? "api" : "analysis, api")]}\n")
    }

    /// The first incident at `camera`: when its sighting was first seen, when it committed (the database's commit
    /// time of its feed event), and when c's feed carried it (first seen in curl's output, looked at every 20 ms).
    private struct FirstIncident {
        let id: Int64
        let firstSeen: Date
        let committed: Date
        var arrived: Date?
    }

    private static func firstIncident(at camera: String, in database: PostgresTestDatabase, feed: ChildProcess,
                                      within seconds: Double) async throws -> FirstIncident? {
        try await PostgresStore.withStore(database.configuration, logger: quietLogger, migrate: false) { store in
            let deadline = Date().addingTimeInterval(seconds)
            var found: FirstIncident?
            while Date() < deadline, found?.arrived == nil {
                if found == nil, let row = try await store.textRows("""
                    SELECT i."id"::text, extract(epoch FROM s."firstSeen")::text,
                        extract(epoch FROM pg_xact_commit_timestamp(f.xmin))::text
                    FROM "incident" i JOIN "sighting" s ON s."id" = i."sightingId"
                        JOIN "feedEvent" f ON f."incidentId" = i."id" AND f."type" = 'incident'
                    WHERE i."cameraId" = '\(camera)' ORDER BY i."id" LIMIT 1
                    """).first {
                    let id = try #require(row[0].flatMap(Int64.init)), seen = try #require(row[1].flatMap(Double.init))
                    let committed = try #require(row[2].flatMap(Double.init), "the commit time of incident \(id)'s feed event: \(row)")
                    found = FirstIncident(id: id, firstSeen: Date(timeIntervalSince1970: seen),
                                          committed: Date(timeIntervalSince1970: committed))
                }
                if let incident = found, SSEEvents(feed.stdout).incidents.contains(incident.id) { found?.arrived = Date() }
                try await Task.sleep(for: .milliseconds(20))
            }
            return found
        }
    }
}

/// The events of a server-sent event stream as curl printed it.
struct SSEEvents {
    /// Each event's name and its data, parsed as a JSON object.
    let events: [(name: String, data: [String: Any])]

    init(_ text: String) {
        events = text.components(separatedBy: "\n\n").compactMap { block in
            let lines = block.split(separator: "\n")
            guard let name = lines.first(where: { $0.hasPrefix("event: ") })?.dropFirst(7),
                  let data = lines.first(where: { $0.hasPrefix("data: ") })?.dropFirst(6),
                  let object = try? JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any] else { return nil }
            return (String(name), object)
        }
    }

    /// The ids of the incidents the stream carried.
    var incidents: Set<Int64> {
        Set(events.filter { $0.name == "incident" }.compactMap { ($0.data["id"] as? Int).map(Int64.init) })
    }
}
