import Media
import Pipeline

/// A camera's `tiling:` — on by default for `eagle_eye` cameras, off for the rest unless given:
/// ```yaml
/// tiling: {tile_width: 1280, tile_height: 720, overlap: 160, regions: [[0, 800, 3840, 1360]], motion_gated: true}
/// ```
extension ConfigReader {
    static let tilingKeys = ["enabled", "tile_width", "tile_height", "overlap", "regions", "motion_gated"]

    func tiling(_ field: Field?, kind: ServeConfig.Camera.Kind?) -> TilingSettings? {
        guard let field else { return kind == .eagleEye ? TilingSettings() : nil }
        guard let given = mapping(field, known: Self.tilingKeys) else { return nil }
        var settings = TilingSettings()
        if let value = given["tile_width"].flatMap({ integer($0, in: TilingSettings.tileWidthRange) }) { settings.tileWidth = value }
        if let value = given["tile_height"].flatMap({ integer($0, in: TilingSettings.tileHeightRange) }) { settings.tileHeight = value }
        if let value = given["overlap"].flatMap({ integer($0, in: TilingSettings.overlapRange) }) { settings.overlap = value }
        if let value = given["motion_gated"].flatMap(flag) { settings.motionGated = value }
        if let regions = given["regions"].flatMap(list) { settings.regions = regions.compactMap(region) }
        if let problem = settings.problem { log.add(field, problem) }
        return given["enabled"].flatMap(flag) == false ? nil : settings
    }

    /// `[x, y, width, height]` in full-resolution pixels.
    private func region(_ field: Field) -> Box? {
        guard let numbers = list(field), numbers.count == 4 else {
            log.add(field, "expected [x, y, width, height] in pixels")
            return nil
        }
        let values = numbers.compactMap { integer($0, in: 0...16_000) }
        guard values.count == 4, values[2] > 0, values[3] > 0 else { return nil }
        return Box(x: values[0], y: values[1], width: values[2], height: values[3])
    }
}
