import Foundation
import GRDB
import Incidents
import NIOCore
import NIOHTTP1
import Server
import TestSupport
import Testing

/// The map's layers by role, the units' states from their orders, and the operator's own tiles (no internet).
struct MapTests {
    @Test func theMapShowsGridsCamerasAndUnitsByRole() async throws {
        let fixture = try APIFixture()
        let (_, incident) = try fixture.raise(.plate, camera: "gate-a", label: "京FK5358", subject: "京FK5358")
        let id = try #require(incident?.id)
        try await fixture.withServer { api in
            let orders = try await api.call("/api/orders?incident=\(id)", as: "patrol")
            let order = try #require((orders.json as? [[String: Any]])?.first?["id"] as? String, "\(orders.body)")
            #expect(try await api.call("/api/orders/\(order)/ack", as: "patrol", method: .POST).status == 200)

            let map = try await api.call("/api/map", as: "dispatcher")
            #expect(map.status == 200, "\(map.body)")
            let grids = try #require(map.object["grids"] as? [[String: Any]])
            #expect(grids.compactMap { $0["id"] as? String } == ["A", "B"])
            #expect((grids.first?["polygon"] as? [[Double]])?.count == 4)
            let cameras = try #require(map.object["cameras"] as? [[String: Any]])
            #expect(cameras.compactMap { $0["id"] as? String } == ["far", "gate-a", "gate-b"])
            #expect(cameras.first { $0["id"] as? String == "gate-a" }?["latitude"] as? Double == 45.76)
            let units = try #require(map.object["units"] as? [[String: Any]])
            let states = Dictionary(uniqueKeysWithValues: units.map { ($0["id"] as? String ?? "", $0["state"] as? String ?? "") })
            #expect(states == ["patrol-near": "on_job", "worker-a": "available", "worker-b": "available"], "\(units)")
            #expect(map.object["tiles"] == nil, "no tiles configured")

            let community = try await api.call("/api/map", as: "community")
            #expect((community.object["grids"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["A"])
            #expect((community.object["cameras"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["gate-a"])
            #expect((community.object["units"] as? [[String: Any]])?.isEmpty == true, "no police units for community forces")
            #expect(try await api.call("/api/map").status == 401)
            #expect(try await api.call("/api/map/tiles/0/0/0.png", as: "dispatcher").status == 404)
        }
    }

    @Test func tilesComeFromAnMBTilesFileInWebOrder() async throws {
        let directory = try temporaryDirectory("tiles")
        let path = directory.appendingPathComponent("district.mbtiles").path
        let png = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("plates/0666d35256.jpg")))
        try await DatabaseQueue(path: path).write { db in
            try db.execute(sql: """
                CREATE TABLE metadata (name TEXT, value TEXT);
                CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);
                INSERT INTO metadata VALUES ('format', 'jpg'), ('name', 'district');
                """)
            // TMS rows count from the bottom: web row 0 at zoom 1 is TMS row 1.
            try db.execute(sql: "INSERT INTO tiles VALUES (1, 1, 1, ?)", arguments: [png])
            try db.execute(sql: "INSERT INTO tiles VALUES (2, 0, 0, ?)", arguments: [Data("other".utf8)])
        }
        let source = try TileSource(path: path)
        #expect(source.format == "jpg" && source.zoom == 1...2 && source.contentType == "image/jpeg")
        let fixture = try APIFixture()
        try await fixture.withServer(configure: { $0.tiles = source }) { api in
            let map = try await api.call("/api/map", as: "patrol")
            let tiles = try #require(map.object["tiles"] as? [String: Any], "\(map.body)")
            #expect(tiles["url"] as? String == "/api/map/tiles/{z}/{x}/{y}" && tiles["max_zoom"] as? Int == 2)
            let tile = try await api.call("/api/map/tiles/1/1/0.jpg", as: "community")
            #expect(tile.status == 200 && tile.headers["content-type"] == "image/jpeg" && tile.bytes == Array(png))
            #expect(try await api.call("/api/map/tiles/1/1/1", as: "community").status == 404, "TMS row 1 is web row 0")
            #expect(try await api.call("/api/map/tiles/9/0/0", as: "community").status == 404, "outside the zoom levels")
            #expect(try await api.call("/api/map/tiles/1/x/0", as: "community").status == 400)
        }
    }

    @Test func aTileDirectoryServesOnlyItsOwnFilesAndBadSourcesAreRefused() async throws {
        let root = try temporaryDirectory("tile-dir")
        let column = root.appendingPathComponent("3/4")
        try FileManager.default.createDirectory(at: column, withIntermediateDirectories: true)
        try Data("tile".utf8).write(to: column.appendingPathComponent("2.png"))
        let source = try TileSource(path: root.path)
        #expect(source.format == "png" && source.zoom == 3...3)
        #expect(try await source.tile(z: 3, x: 4, y: 2) == Data("tile".utf8))
        #expect(try await source.tile(z: 3, x: 4, y: 3) == nil)

        let empty = try temporaryDirectory("tile-empty")
        #expect(throws: TileSourceError.self) { try TileSource(path: empty.path) }
        let notSQLite = empty.appendingPathComponent("x.mbtiles")
        try Data("not a database".utf8).write(to: notSQLite)
        #expect(throws: TileSourceError.self) { try TileSource(path: notSQLite.path) }
        #expect(throws: TileSourceError.self) { try TileSource(path: "/nonexistent/tiles") }
    }
}
