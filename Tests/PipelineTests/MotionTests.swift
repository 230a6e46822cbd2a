import Foundation
import AnalysisKit
import Media
@testable import Pipeline
import TestSupport
import Testing

struct MotionTests {
    private let frame: Frame = {
        let reader = try! MediaReader(url: Fixtures.hamilton)
        _ = try! reader.decodeNext()
        return try! reader.retainCurrent()
    }()

    private func thumbnail(block: (x: Int, y: Int)?, fill: UInt8 = 40) -> Image {
        var pixels = [UInt8](repeating: fill, count: 96 * 54)
        if let block {
            for y in block.y..<block.y + 8 { for x in block.x..<block.x + 8 { pixels[y * 96 + x] = 220 } }
        }
        return Image(width: 96, height: 54, format: .gray8, pixels: pixels)
    }

    private func detect(_ current: Image, _ previous: Image?) throws -> [Detection] {
        let input = StageInput(frame: frame, thumbnail: current, previousThumbnail: previous,
                               scaler: Scaler(format: .rgb24, maxWidth: 640))
        return try MotionStage().analyze(input)
    }

    @Test func aMovingBlockIsFoundWhereItMoved() throws {
        let detections = try detect(thumbnail(block: (40, 20)), thumbnail(block: (10, 20)))
        let box = try #require(detections.first?.box)
        // The thumbnail is 96 px wide over a 640 px frame: the change spans x 10…47 there.
        #expect(box.x >= 60 && box.x <= 75)
        #expect(box.x + box.width >= 300 && box.x + box.width <= 330)
    }

    @Test func stillnessNoiseAndLightingChangesAreNotMotion() throws {
        #expect(try detect(thumbnail(block: (10, 10)), thumbnail(block: (10, 10))).isEmpty)
        #expect(try detect(thumbnail(block: nil), nil).isEmpty, "no previous frame")
        #expect(try detect(thumbnail(block: nil, fill: 200), thumbnail(block: nil, fill: 40)).isEmpty, "whole picture changed")
        var speckled = thumbnail(block: nil)
        speckled.pixels[500] = 255  // one lone pixel
        #expect(try detect(speckled, thumbnail(block: nil)).isEmpty)
    }

    /// Where the detectors look follows what the motion stage measured: everywhere until it has measured, nowhere
    /// new while nothing moves, the moved region grown by a margin, everywhere again after a cut or broad motion.
    @Test func attentionFollowsWhatMoved() throws {
        let input = StageInput(frame: frame, thumbnail: thumbnail(block: (40, 20)), previousThumbnail: thumbnail(block: (10, 20)),
                               scaler: Scaler(format: .rgb24, maxWidth: 640))
        #expect(input.attention == .wholeFrame, "no motion measured yet")
        input.motionMeasured = true
        #expect(input.attention == .still)
        input.motion = [Box(x: 100, y: 100, width: 80, height: 40)]
        guard case .regions(let regions) = input.attention else { Issue.record("\(input.attention)"); return }
        #expect(regions == [Box(x: 80, y: 90, width: 120, height: 60)])
        input.motion = [Box(x: 0, y: 0, width: frame.width, height: frame.height * 3 / 4)]
        #expect(input.attention == .wholeFrame, "most of the picture moved")
        let cut = StageInput(frame: frame, thumbnail: thumbnail(block: nil, fill: 200), previousThumbnail: thumbnail(block: nil),
                             scaler: Scaler(format: .rgb24, maxWidth: 640))
        cut.motionMeasured = true
        #expect(cut.attention == .wholeFrame, "a scene cut")
        // Most of the picture changed by less than a cut's 40 levels (a pan, a zoom, the light): not motion for the
        // motion stage, and not a still picture either.
        let pan = StageInput(frame: frame, thumbnail: thumbnail(block: nil, fill: 72), previousThumbnail: thumbnail(block: nil),
                             scaler: Scaler(format: .rgb24, maxWidth: 640))
        #expect(try MotionStage().analyze(pan).isEmpty && !pan.isSceneCut)
        pan.motionMeasured = true
        #expect(pan.attention == .wholeFrame, "most of the picture changed")
    }

    @Test func trackerSplitsEventsAtQuietGaps() throws {
        let reader = try MediaReader(url: Fixtures.hamilton)
        var frames: [Frame] = []
        while let _ = try reader.decodeNext(), frames.count < 200 { frames.append(try reader.retainCurrent()) }
        var tracker = MotionTracker()
        let moving = Detection(kind: .motion, box: Box(x: 0, y: 0, width: 10, height: 10), confidence: 0.1)
        var passes: [Pass] = []
        // Motion in frames 0–9, still until 100 (over 3 s), motion again 100–104; a single-frame blip at 150.
        for (index, frame) in frames.enumerated() {
            let active = index < 10 || (100..<105).contains(index) || index == 150
            passes += tracker.update(frame, detections: active ? [moving] : [])
        }
        passes += tracker.finish()
        #expect(passes.count == 2)
        #expect(passes.map(\.frames) == [10, 5])
        #expect(passes[0].lastTime < passes[1].firstTime)
    }
}
