import Media
import Pipeline
import Testing

/// Tile layout and the merging of what neighbouring tiles both saw (pure logic; the end-to-end run on the 4K
/// fixture is in CLITests/EagleEyeCommandTests).
struct TilingTests {
    @Test func tilesCoverA4KFrameWithRoomForAnyObjectSmallerThanTheOverlap() {
        let settings = TilingSettings()
        let tiles = settings.tiles(width: 3840, height: 2160)
        #expect(tiles.count == 16)
        #expect(Set(tiles.map(\.width)) == [1280] && Set(tiles.map(\.height)) == [720])
        #expect(tiles.allSatisfy { $0.x % 2 == 0 && $0.y % 2 == 0 && $0.x + $0.width <= 3840 && $0.y + $0.height <= 2160 })
        // Every 160x160 object, wherever it lies, is whole inside some tile.
        for y in stride(from: 0, through: 2160 - 160, by: 40) {
            for x in stride(from: 0, through: 3840 - 160, by: 40) {
                let inside = tiles.contains { x >= $0.x && y >= $0.y && x + 160 <= $0.x + $0.width && y + 160 <= $0.y + $0.height }
                #expect(inside, "object at \(x),\(y)")
            }
        }
    }

    @Test func aFrameNoBiggerThanATileIsOneTile() {
        #expect(TilingSettings().tiles(width: 1280, height: 720) == [Box(x: 0, y: 0, width: 1280, height: 720)])
        #expect(TilingSettings().tiles(width: 640, height: 360) == [Box(x: 0, y: 0, width: 640, height: 360)])
    }

    @Test func regionsLeaveOutTilesTheyDoNotTouch() {
        var settings = TilingSettings()
        settings.regions = [Box(x: 0, y: 1500, width: 1000, height: 660)]
        let tiles = settings.tiles(width: 3840, height: 2160)
        #expect(tiles.count == 4, "two columns (0, 852) by two rows (960, 1440) touch it")
        #expect(tiles.allSatisfy { $0.x < 1000 && $0.y + $0.height > 1500 })
    }

    @Test func badSettingsAreNamed() {
        var settings = TilingSettings()
        settings.overlap = 400
        #expect(settings.problem != nil)
        settings = TilingSettings()
        settings.tileWidth = 32
        #expect(settings.problem != nil)
        #expect(TilingSettings().problem == nil)
    }
}
