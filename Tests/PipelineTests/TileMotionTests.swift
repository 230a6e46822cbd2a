import Foundation
import AnalysisKit
import Media
@testable import Pipeline
import TestSupport
import Testing

/// Which tiles of a real 4K frame run, by motion on the thumbnails (the generated eagle-eye clip, where seven small
/// subjects drift right 6 px a frame over a still street).
struct TileMotionTests {
    /// Counts the tiles it is given and reports one detection at each tile's centre.
    struct TileProbe: Stage {
        let name = "probe"
        var sizes: [String] = []

        mutating func analyze(_ input: StageInput) throws -> [Detection] {
            sizes.append("\(input.frame.width)x\(input.frame.height)")
            return [Detection(kind: .plate, box: Box(x: input.frame.width / 2 - 20, y: input.frame.height / 2 - 10, width: 40,
                                                     height: 20), confidence: 1)]
        }
    }

    private func frames(_ indices: Set<Int>) async throws -> [Int: (Frame, Image)] {
        let reader = try MediaReader(url: try await GeneratedFixtures.eagle4K)
        let thumbnails = Scaler(format: .gray8, maxWidth: TilingSettings.motionWidth, smooth: true)
        var found: [Int: (Frame, Image)] = [:]
        while found.count < indices.count, let info = try reader.decodeNext() {
            guard indices.contains(info.index) else { continue }
            let frame = try reader.retainCurrent()
            found[info.index] = (frame, try thumbnails.convert(frame))
        }
        return found
    }

    private func run(_ current: (Frame, Image), after previous: Image?) throws -> (TiledStage, [Detection]) {
        var stage = TiledStage(TileProbe(), settings: TilingSettings())
        let input = StageInput(frame: current.0, thumbnail: current.1, previousThumbnail: previous,
                               scaler: Scaler(format: .rgb24, maxWidth: 1280))
        let detections = try stage.analyze(input)
        return (stage, detections)
    }

    @Test func onlyTilesWhereSomethingMovedRun() async throws {
        let frames = try await frames([0, 5])
        let first = try #require(frames[0]), later = try #require(frames[5])
        let (all, detections) = try run(later, after: nil)
        #expect(all.tilesRun == 16, "no previous thumbnail: every tile")
        #expect((all.inner as? TileProbe)?.sizes == Array(repeating: "1280x720", count: 16), "full-resolution tiles")
        #expect(detections.count == 16, "tile centres are apart: nothing merged")
        #expect(detections.allSatisfy { $0.box.x + $0.box.width <= 3840 && $0.box.y + $0.box.height <= 2160 })
        #expect(Set(detections.map { $0.box.x }).count == 4 && Set(detections.map { $0.box.y }).count == 4,
                "boxes moved to frame coordinates, one per tile column and row")
        let (moving, _) = try run(later, after: first.1)
        #expect(moving.tilesRun + moving.partsRun > 0 && moving.tilesRun < 16,
                "what drifted runs: \(moving.tilesRun) tiles, \(moving.partsRun) parts")
        #expect(moving.tilesRun + moving.tilesSkipped == 16)
        let (still, nothing) = try run(later, after: later.1)
        #expect(still.tilesRun == 0 && nothing.isEmpty, "an unchanged picture runs no tile")
    }

    @Test func onlyThePartsThatMovedRun() async throws {
        let frames = try await frames([0, 5])
        let first = try #require(frames[0]), later = try #require(frames[5])
        let (moving, detections) = try run(later, after: first.1)
        let sizes = (moving.inner as? TileProbe)?.sizes ?? []
        #expect(moving.partsRun > 0 && sizes.count == moving.partsRun, "what moved runs as parts: \(sizes)")
        let sides = sizes.map { $0.split(separator: "x").compactMap { Int($0) } }
        #expect(sides.allSatisfy { $0.count == 2 && $0[0] <= 1280 && $0[1] <= 720 }, "no part is larger than a tile: \(sizes)")
        #expect(sides.contains { $0 != [1280, 720] }, "parts smaller than a tile: \(sizes)")
        #expect(moving.partPixels < 16 * 1280 * 720 / 2, "under half the pixels of the tiles: \(moving.partPixels)")
        #expect(!detections.isEmpty && detections.allSatisfy { $0.box.x + $0.box.width <= 3840 && $0.box.y + $0.box.height <= 2160 })
    }

    @Test func aDetectionCutByAPartsInnerEdgeIsNotKept() {
        let tile = Box(x: 0, y: 0, width: 1280, height: 720), part = Box(x: 400, y: 200, width: 400, height: 300)
        #expect(TileMotion.touchesInnerEdge(Box(x: 0, y: 100, width: 50, height: 40), of: part, in: tile))
        #expect(TileMotion.touchesInnerEdge(Box(x: 360, y: 100, width: 40, height: 40), of: part, in: tile))
        #expect(!TileMotion.touchesInnerEdge(Box(x: 100, y: 100, width: 50, height: 40), of: part, in: tile))
        // An edge the part shares with its tile is the tile's: cut there, it is merged with the neighbour's as before.
        let corner = Box(x: 0, y: 0, width: 400, height: 300)
        #expect(!TileMotion.touchesInnerEdge(Box(x: 0, y: 0, width: 50, height: 40), of: corner, in: tile))
    }
}
