import Foundation
import Incidents
import Media
import AnalysisKit
import Recognition
import TestSupport
import Testing

/// The JSON contract between Recognition and the store: `PlateDecision` writes the reads of a pass under
/// `variants` in the sighting's `details`, and the store's `plateRead` trigger (migration v7) reads that key. A pass
/// recorded as the recorder records it must be found by every text it was read as.
struct PlateReadContractTests {
    private func read(_ text: String, confidence: Float) -> Detection {
        let read = PlateRead(text: text, kind: PlateText.kind(of: text), box: Box(x: 100, y: 100, width: 120, height: 36),
                             characterConfidences: Array(repeating: confidence, count: text.count), colour: .blue,
                             detectorScore: 0.8)
        return Detection(kind: .plate, box: read.box, confidence: read.confidence, label: text, payload: read)
    }

    /// Real frames of the slideshow fixture, every fifth.
    private func frames(_ count: Int) throws -> [Frame] {
        let reader = try MediaReader(url: Fixtures.path("plates/slideshow.mp4"))
        var frames: [Frame] = []
        while frames.count < count, let decoded = try reader.decodeNext() {
            if decoded.index % 5 == 0 { frames.append(try reader.retainCurrent()) }
        }
        return frames
    }

    @Test func everyTextAPassWasReadAsIsFoundInTheStore() throws {
        let texts = ["京FK5358", "京FK5358", "京FK535B", "京FK5358"]
        var tracker = PlateTracker(hotlist: PlateHotlist(entries: []))
        var passes: [Pass] = []
        for (frame, text) in zip(try frames(texts.count), texts) {
            passes += tracker.update(frame, detections: [read(text, confidence: text.hasSuffix("B") ? 0.6 : 0.9)])
        }
        passes += tracker.finish()
        let pass = try #require(passes.first)
        #expect(passes.count == 1)
        #expect(pass.label == "京FK5358")

        let store = try IncidentStore()
        try store.save(Camera(id: "gate", name: "gate", kind: .file, url: "x.mp4"))
        let now = Date()
        let (sighting, _, _) = try store.record(Sighting(
            cameraId: "gate", kind: .plate, label: pass.label, firstSeen: now, lastSeen: now, bestTime: now,
            mediaOffset: pass.firstTime, box: (pass.box.x, pass.box.y, pass.box.width, pass.box.height),
            confidence: pass.confidence, frames: pass.frames, details: pass.details))
        for text in ["京FK5358", "京FK535B"] {
            var filter = HistoryFilter()
            filter.plate = try PlateQuery(text)
            let found = try store.sightings(matching: filter, page: PageRequest()).items
            #expect(found.map(\.sighting.id) == [sighting.id], "a search for \(text), one of the pass's reads")
            #expect(Set(found.first?.reads ?? []) == ["京FK5358", "京FK535B"])
        }
    }
}
