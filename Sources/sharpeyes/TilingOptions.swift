import ArgumentParser
import Foundation
import Media
import Pipeline
import Service

/// `--tiling`, `--tile-size`, `--tile-overlap`, `--tile-region`: how wide frames are cut into tiles for faces and
/// plates (on by default for `--kind eagle_eye`), as a camera's `tiling:` does in the `serve` config.
struct TilingOptions: ParsableArguments {
    enum Mode: String, ExpressibleByArgument, CaseIterable { case auto, on, off }

    @Option(help: "Analyse faces and plates in full-resolution tiles: on, off, or auto (on for --kind eagle_eye).")
    var tiling: Mode = .auto

    @Option(help: "Tile size WIDTHxHEIGHT in full-resolution pixels (default 1280x720).")
    var tileSize: String?

    @Option(help: "Minimum pixels neighbouring tiles share (default 160): more than the largest face or plate.")
    var tileOverlap: Int?

    @Option(help: "Analyse only tiles touching this rectangle X,Y,WIDTH,HEIGHT (full-resolution pixels); repeatable.")
    var tileRegion: [String] = []

    @Flag(inversion: .prefixedNo, help: "Skip tiles whose part of the picture did not move since the last sampled frame.")
    var tileMotionGate = true

    func validate() throws {
        if let tileSize, Self.size(tileSize) == nil { throw ValidationError("--tile-size must be WIDTHxHEIGHT, e.g. 1280x720") }
        if let tileOverlap { try check(tileOverlap, in: TilingSettings.overlapRange, "--tile-overlap") }
        for region in tileRegion where Self.region(region) == nil {
            throw ValidationError("--tile-region must be X,Y,WIDTH,HEIGHT in pixels, got '\(region)'")
        }
        if let problem = build().problem { throw ValidationError("tiling: \(problem)") }
    }

    /// The tiling these options ask for; `auto` leaves it to the camera's kind.
    var choice: TilingChoice {
        switch tiling {
        case .off: .off
        case .on: .on(build())
        case .auto: .auto(build())
        }
    }

    private func build() -> TilingSettings {
        var settings = TilingSettings()
        if let size = tileSize.flatMap(Self.size) { (settings.tileWidth, settings.tileHeight) = size }
        if let tileOverlap { settings.overlap = tileOverlap }
        settings.regions = tileRegion.compactMap(Self.region)
        settings.motionGated = tileMotionGate
        return settings
    }

    static func size(_ text: String) -> (Int, Int)? {
        let parts = text.lowercased().split(separator: "x").compactMap { Int($0) }
        return parts.count == 2 ? (parts[0], parts[1]) : nil
    }

    static func region(_ text: String) -> Box? {
        let parts = text.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 4, parts[0] >= 0, parts[1] >= 0, parts[2] > 0, parts[3] > 0 else { return nil }
        return Box(x: parts[0], y: parts[1], width: parts[2], height: parts[3])
    }
}
