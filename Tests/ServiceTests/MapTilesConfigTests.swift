import Foundation
import Server
import Service
import TestSupport
import Testing

/// `http.map_tiles` names the operator's tiles for the console's map; a path that is not a tile directory or an
/// MBTiles file is refused when the config is read, naming the field, not when the first officer opens the map.
struct MapTilesConfigTests {
    @Test func aTileDirectoryIsRead() throws {
        let root = try temporaryDirectory("map-tiles")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("12/3456"), withIntermediateDirectories: true)
        try Data("tile".utf8).write(to: root.appendingPathComponent("12/3456/1500.png"))
        let config = try load(minimalConfig + "http: {map_tiles: \(root.path)}\n")
        #expect(config.http.mapTiles == root.path)
        #expect(try load(minimalConfig).http.mapTiles == nil)
    }

    @Test(arguments: ["/nonexistent/tiles", "/etc/hostname"])
    func whatIsNotATileSourceIsRefused(path: String) throws {
        let error = try #require(loadError(minimalConfig + "http: {map_tiles: \(path)}\n"))
        #expect("\(error)".contains("http.map_tiles"), "\(error)")
    }
}
