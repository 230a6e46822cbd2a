import Foundation
import Testing

/// The map's data: the configured grids' outlines, every camera's position, the units' positions and status; for the
/// police roles that see operations only.
struct MapTests {
    @Test func theMapHasTheGridsCamerasAndUnits() async throws {
        let fixture = try APIFixture()
        try await fixture.withServer { api in
            let map = try await api.call("/api/map", as: "dispatcher")
            #expect(map.status == 200, "\(map.body)")
            let grids = try #require(map.object["grids"] as? [[String: Any]])
            #expect(grids.compactMap { $0["id"] as? String } == ["A", "B"] && (grids.first?["polygon"] as? [[Double]])?.count == 4)
            let cameras = try #require(map.object["cameras"] as? [[String: Any]])
            let gate = try #require(cameras.first { $0["id"] as? String == "gate-a" })
            #expect(gate["latitude"] as? Double == 45.760 && gate["grid"] as? String == "A" && gate["name"] as? String == "Gate A")
            let forces = try #require(map.object["forces"] as? [[String: Any]])
            let patrol = try #require(forces.first { $0["id"] as? String == "patrol-near" })
            #expect(patrol["latitude"] as? Double == 45.762 && patrol["status"] as? String == "available" && patrol["type"] as? String == "patrol")
            for role in ["community", "patrol"] { #expect(try await api.call("/api/map", as: role).status == 403, "\(role)") }
        }
    }
}
