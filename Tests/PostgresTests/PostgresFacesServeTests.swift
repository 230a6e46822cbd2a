import Foundation
import TestSupport
import Testing

/// Face enrolment and search by photo under `serve` on PostgreSQL, through the built binary and curl: a photo
/// enrolled through the API is an identity of the shared store, and a photo of a face the camera saw (and kept as an
/// unknown face) finds that camera's sightings.
@Suite(.childProcesses)
struct PostgresFacesServeTests {
    @Test func aPhotoIsEnrolledAndSearchedOnTheSharedStore() async throws {
        try await PostgresCluster.shared().withDatabase { database in
            let node = try PostgresNode(database: database, cameras: """
                  - {id: stage, kind: file, url: \(Fixtures.path("short_hamilton_clip.mp4")), stages: [faces], store_unknown_faces: true}
                """)
            let token = try await node.createToken()
            let server = try await node.start()
            defer { server.signal(SIGKILL) }
            let up = await server.waitUntil(60) { server in
                guard server.status == nil else { return true }
                return await httpGet("\(node.base)/health").status == 200
            }
            #expect(up && server.status == nil, "\(server.stderr)")
            // Not in the clip: enrolling it leaves the clip's faces unknown, so they are kept for search.
            let enrolled = await http("POST", "\(node.base)/api/watchlists/faces", token: token, form: [
                "name=Barack Obama", "list=check", "severity=low", "photo=@\(Fixtures.path("faces/probes/obama.jpg"))",
            ], timeout: 60)
            #expect(enrolled.status == 201 && enrolled.body.contains("Barack Obama"), "\(enrolled.body)")
            let listed = await httpJSON("\(node.base)/api/watchlists/faces", token: token) as? [[String: Any]]
            #expect(listed?.contains { $0["name"] as? String == "Barack Obama" && $0["photos"] as? Int == 1 } == true, "\(listed ?? [])")
            var hits: [[String: Any]] = []
            _ = await server.waitUntil(180) { server in
                let searched = await http("POST", "\(node.base)/api/search/face", token: token,
                                          form: ["limit=5", "photo=@\(Fixtures.path("faces/probes/lin-manuel-miranda.png"))"], timeout: 60)
                hits = (try? JSONSerialization.jsonObject(with: Data(searched.body.utf8))) as? [[String: Any]] ?? []
                return server.status != nil || !hits.isEmpty
            }
            let cameras = hits.compactMap { ($0["sighting"] as? [String: Any])?["camera_id"] as? String }
            #expect(!hits.isEmpty && cameras.allSatisfy { $0 == "stage" }, "the face the camera kept is found: \(server.stderr.suffix(1500))")
            #expect((hits.first?["distance"] as? Double ?? 1) < 0.6)
        }
    }
}
