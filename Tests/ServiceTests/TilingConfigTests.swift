import Media
import Pipeline
import Service
import Testing

/// A camera's `tiling:` in the serve config: on by default for eagle-eyes, given settings kept, bad ones refused.
struct TilingConfigTests {
    @Test func eagleEyesAreTiledByDefaultAndOtherKindsAreNot() throws {
        let config = try load(minimalConfig + """
            cameras:
              - {id: e, kind: eagle_eye, url: 'rtsp://h/e'}
              - {id: f, kind: fixed, url: 'rtsp://h/f'}
              - {id: off, kind: eagle_eye, url: 'rtsp://h/o', tiling: {enabled: false}}
            """)
        let byID = Dictionary(uniqueKeysWithValues: config.cameras.map { ($0.id, $0) })
        #expect(byID["e"]?.tiling?.tileWidth == 1280)
        #expect(byID["e"]?.tiling?.overlap == 160)
        #expect(byID["f"]?.tiling == nil)
        #expect(byID["off"]?.tiling == nil)
    }

    @Test func theExampleEagleEyeWatchesItsRegion() throws {
        let config = try ServeConfig(path: packageRoot + "/Examples/sharpeyes.yaml",
                                     environment: ["GATE1_PASSWORD": "a", "GATE2_PASSWORD": "b", "EAGLE_PASSWORD": "c",
                                                   "GB28181_PASSWORD": "d"])
        let eagle = try #require(config.cameras.first { $0.id == "square-eagle" })
        #expect(eagle.tiling?.regions == [Box(x: 0, y: 740, width: 3840, height: 1420)])
        // Tiles wholly above the region (the top row of a 4K frame) are never analysed.
        let tiles = try #require(eagle.tiling).tiles(width: 3840, height: 2160)
        #expect(tiles.count == 12)
        #expect(tiles.allSatisfy { $0.y + $0.height > 740 })
    }

    @Test(arguments: [
        ("{overlap: 500}", "cameras[0].tiling: the overlap must be 0 to half the tile's shorter side"),
        ("{tile_width: 10}", "cameras[0].tiling.tile_width: must be 64 to 7680, got 10"),
        ("{regions: [[1, 2, 3]]}", "cameras[0].tiling.regions[0]: expected [x, y, width, height] in pixels"),
        ("{tile_size: 3}", "cameras[0].tiling.tile_size: unknown key (did you mean tile_width?)"),
    ])
    func badTilingIsRefusedWithItsPath(tiling: String, message: String) throws {
        let error = try #require(loadError(config(camera: "{id: e, kind: eagle_eye, url: 'rtsp://h/e', tiling: \(tiling)}")))
        #expect(error.description.contains(message), "\(error.description)")
    }
}
