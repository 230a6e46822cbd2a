import AnalysisKit
import Media
import Recognition
import Severities
import TestSupport
import Testing

/// The per-pass decision on made-up reads (the engine is tested on real photos in PlateEngineTests).
struct PlateTrackerTests {
    private let hotlist = PlateHotlist(entries: [
        .init(pattern: "京FK535B", list: "hotlist", reason: "stolen", severity: .high),
        .init(pattern: "辽BG0D17", list: "hotlist", reason: "wanted", severity: .critical),
    ])

    private func read(_ text: String, at x: Int = 100, confidence: Float = 0.9) -> Detection {
        let read = PlateRead(text: text, kind: PlateText.kind(of: text), box: Box(x: x, y: 100, width: 120, height: 36),
                             characterConfidences: Array(repeating: confidence, count: text.count), colour: .blue,
                             detectorScore: 0.8)
        return Detection(kind: .plate, box: read.box, confidence: read.confidence, label: text, payload: read)
    }

    /// Real frames of the slideshow fixture (25 fps), every fifth: frame `i` is at `i / 5` seconds.
    private static let frames: [Frame] = {
        guard let reader = try? MediaReader(url: Fixtures.path("plates/slideshow.mp4")) else { return [] }
        var frames: [Frame] = []
        while let decoded = try? reader.decodeNext(), frames.count < 26 {
            if decoded.index % 5 == 0, let frame = try? reader.retainCurrent() { frames.append(frame) }
        }
        return frames
    }()

    private func frame(_ time: Double) -> Frame { Self.frames[Int((time * 5).rounded())] }

    private func run(_ frames: [[Detection]], every step: Double = 0.2) -> [Pass] {
        var tracker = PlateTracker(hotlist: hotlist)
        var passes: [Pass] = []
        for (index, detections) in frames.enumerated() {
            passes += tracker.update(frame(Double(index) * step), detections: detections)
        }
        return passes + tracker.finish()
    }

    @Test func readsOfOnePassVoteAndOneConfusionHits() {
        let passes = run([[read("京FK5358")], [read("京FK5358")], [read("京FK535B", confidence: 0.6)], [read("京FK5358")]])
        try? #require(passes.count == 1)
        #expect(passes.first?.label == "京FK5358")
        #expect(passes.first?.frames == 4)
        #expect(passes.first?.matchingFrames == 3)
        #expect(passes.first?.incident?.subject == "京FK535B", "8 read for the listed B is one OCR confusion")
        #expect(passes.first?.details?.contains("\"confusions\":1") == true)
    }

    @Test func twoRealDifferencesDoNotHit() {
        let passes = run([[read("辽BG0D80")], [read("辽BG0D80")]])
        #expect(passes.count == 1)
        #expect(passes.first?.incident == nil, "辽BG0D80 is two real characters from 辽BG0D17")
    }

    @Test func aPlateSeenOnceIsStillLogged() {
        let passes = run([[read("粤B2757B")]])
        #expect(passes.map(\.label) == ["粤B2757B"])
    }

    @Test func twoCarsSideBySideAreTwoPasses() {
        let passes = run([[read("粤B2757B", at: 100), read("川A095Q5", at: 600)],
                          [read("粤B2757B", at: 110), read("川A095Q5", at: 590)]])
        #expect(Set(passes.compactMap(\.label)) == ["粤B2757B", "川A095Q5"])
        #expect(passes.allSatisfy { $0.frames == 2 })
    }

    @Test func aDifferentPlateInTheSamePlaceAfterAGapIsANewPass() {
        var tracker = PlateTracker(hotlist: hotlist)
        var passes = tracker.update(frame(0), detections: [read("粤B2757B")])
        passes += tracker.update(frame(5), detections: [read("川A095Q5")])
        #expect(passes.map(\.label) == ["粤B2757B"], "the first pass ends when the gap is exceeded")
        passes += tracker.finish()
        #expect(passes.map(\.label) == ["粤B2757B", "川A095Q5"])
    }

    @Test func aDifferentPlateInTheSameBoxIsClusteredApart() {
        // The tracker joins by place, then the clusters of text part them again.
        let passes = run([[read("粤B2757B")], [read("川A095Q5")], [read("粤B2757B")], [read("川A095Q5")]])
        #expect(Set(passes.compactMap(\.label)) == ["粤B2757B", "川A095Q5"])
    }
}
