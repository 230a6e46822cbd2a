import Foundation
import Incidents
import NIOHTTP1
import Severities
import Testing
import TestSupport

/// The face watchlist's photos are served to the roles that read the watchlist: a photo enrolled from a file as its
/// bytes, one uploaded through the API as the copy serve kept; an old upload that was not kept, a path holding no
/// image, or a number past the last as a 404.
struct WatchlistPhotoTests {
    @Test func anEnrolledPhotoIsServedToTheWatchlistsReaders() async throws {
        let fixture = try APIFixture()
        let photo = Fixtures.path("faces/gallery/biden/biden.jpg")
        let size = try #require(try FileManager.default.attributesOfItem(atPath: photo)[.size] as? Int)
        let embedding = Data(count: 128 * 4)
        let identity = try fixture.store.enrol(
            WatchlistIdentity(name: "Joe", list: "wanted", severity: .high),
            samples: [FaceSample(embedding: embedding, photo: photo),
                      FaceSample(embedding: embedding, photo: "upload (10 bytes)"),
                      FaceSample(embedding: embedding, photo: Fixtures.path("README.md"))])
        let id = try #require(identity.id)
        try await fixture.withServer { api in
            let served = try await api.call("/api/watchlists/faces/\(id)/photos/1.jpg", as: "dispatcher")
            #expect(served.status == 200 && served.headers["content-type"] == "image/jpeg", "\(served.body.prefix(200))")
            #expect(served.headers["content-length"] == "\(size)")
            for n in [2, 3, 4, 0] {
                let missing = try await api.call("/api/watchlists/faces/\(id)/photos/\(n).jpg", as: "investigator")
                #expect(missing.status == 404, "photo \(n)")
            }
            #expect(try await api.call("/api/watchlists/faces/999/photos/1.jpg", as: "admin").status == 404)
            #expect(try await api.call("/api/watchlists/faces/\(id)/photos/1.jpg", as: "community").status == 403)
            #expect(try await api.call("/api/watchlists/faces/\(id)/photos/1.jpg").status == 401)
        }
    }

    @Test func aPhotoUploadedThroughTheAPIIsKeptAndShown() async throws {
        let fixture = try APIFixture()
        let probe = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("faces/probes/lin-manuel-miranda.png")))
        try await fixture.withServer(faces: true) { api in
            let (body, type) = API.form(["name": "Lin-Manuel Miranda", "list": "wanted"], file: ("photo", probe))
            let enrolled = try await api.call("/api/watchlists/faces", as: "admin", method: .POST,
                                              headers: [("Content-Type", type)], body: body)
            let id = try #require((enrolled.json as? [String: Any])?["id"] as? Int, "\(enrolled.body)")
            let photo = try await api.call("/api/watchlists/faces/\(id)/photos/1.jpg", as: "investigator")
            #expect(photo.status == 200 && photo.headers["content-type"] == "image/png" && photo.bytes == Array(probe))
            let kept = try #require(fixture.store.faceWatchlist().first?.1.first?.photo)
            #expect(kept.hasPrefix(fixture.snapshots.appendingPathComponent("watchlist").path), "\(kept)")
        }
    }
}
