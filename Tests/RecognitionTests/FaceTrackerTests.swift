import AnalysisKit
import Media
import Severities
@testable import Recognition
import TestSupport
import Testing

/// Who a face track follows, on made-up observations (the models are tested on real footage in FaceQueueTests).
struct FaceTrackerTests {
    private static let alice = FaceWatchlist.Entry(name: "Alice", list: "wanted", severity: .high, reason: nil, embeddings: [])
    private static let bob = FaceWatchlist.Entry(name: "Bob", list: "wanted", severity: .high, reason: nil, embeddings: [])

    /// An embedding along one axis of the 128, at `length` (two unit axes are √2 ≈ 1.41 apart).
    private func embedding(axis: Int, length: Float = 1, drift: Float = 0) -> FaceEmbedding {
        var values = [Float](repeating: 0, count: FaceEmbedding.dimensions)
        values[axis] = length
        values[(axis + 1) % values.count] = drift
        return FaceEmbedding(values)
    }

    private func face(_ who: FaceWatchlist.Entry?, _ embedding: FaceEmbedding?, cut: Bool = false) -> Detection {
        let observation = FaceObservation(match: who.map { _ in .init(entry: 0, distance: 0.3) }, nearestDistance: 0.3,
                                          sharpness: 50, identity: who, embedding: embedding, afterSceneCut: cut)
        return Detection(kind: .face, box: Box(x: 300, y: 100, width: 200, height: 200), confidence: 1, payload: observation)
    }

    private static let frames: [Frame] = {
        guard let reader = try? MediaReader(url: Fixtures.hamilton) else { return [] }
        var frames: [Frame] = []
        while frames.count < 12, (try? reader.decodeNext()) != nil {
            if let frame = try? reader.retainCurrent() { frames.append(frame) }
        }
        return frames
    }()

    private func run(_ detections: [Detection]) -> [Pass] {
        var tracker = FaceTracker()
        var passes: [Pass] = []
        for (frame, detection) in zip(Self.frames, detections) { passes += tracker.update(frame, detections: [detection]) }
        return passes + tracker.finish()
    }

    @Test func aDifferentPersonInTheSamePlaceStartsANewTrack() {
        let passes = run([face(Self.alice, embedding(axis: 0)), face(Self.alice, embedding(axis: 0, drift: 0.2)),
                          face(Self.alice, embedding(axis: 0, drift: 0.1)),
                          face(Self.bob, embedding(axis: 5)), face(Self.bob, embedding(axis: 5, drift: 0.2)),
                          face(Self.bob, embedding(axis: 5))])
        #expect(passes.map(\.label) == ["Alice", "Bob"])
        #expect(passes.map(\.frames) == [3, 3])
    }

    @Test func onePersonWhoseFaceChangesALittleStaysOneTrack() {
        let drifts: [Float] = [0, 0.2, 0.4, 0.3, 0.5, 0.45]
        let passes = run(drifts.map { face(Self.alice, embedding(axis: 0, drift: $0)) })
        #expect(passes.map(\.label) == ["Alice"])
        #expect(passes.first?.frames == 6)
    }

    @Test func facesWithoutEmbeddingsAreFollowedByPlace() {
        let passes = run([face(Self.alice, embedding(axis: 0)), face(nil, nil), face(nil, nil), face(Self.alice, embedding(axis: 0))])
        #expect(passes.count == 1)
        #expect(passes.first?.frames == 4)
    }

    @Test func aSceneCutEndsEveryTrackEvenForTheSameFace() {
        let passes = run([face(Self.alice, embedding(axis: 0)), face(Self.alice, embedding(axis: 0)),
                          face(Self.alice, embedding(axis: 0), cut: true), face(Self.alice, embedding(axis: 0))])
        #expect(passes.map(\.frames) == [2, 2])
    }
}
