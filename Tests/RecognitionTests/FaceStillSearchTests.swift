import AnalysisKit
import Media
import Recognition
import TestSupport
import Testing

/// While nothing moves, the face stage does not search the whole picture on every frame: it looks again around the
/// faces the camera found in the last second (so people standing still keep their tracks), and searches the whole
/// picture once per `stillSearchInterval`.
struct FaceStillSearchTests {
    let engine: FaceEngine
    let frames: [Frame]

    /// Frames 0 and 6 (0.2 s later) of the Hamilton clip, where the same faces stand.
    init() throws {
        engine = try FaceEngine(models: .default)
        let reader = try MediaReader(url: Fixtures.hamilton)
        var kept: [Frame] = []
        while let info = try reader.decodeNext(), info.index <= 6 {
            if [0, 6].contains(info.index) { kept.append(try reader.retainCurrent()) }
        }
        frames = kept
    }

    /// The frame as the face stage sees it: the first of a camera (looked at whole), or still (nothing moved).
    private func input(_ frame: Frame, still: Bool) throws -> StageInput {
        let thumbnail = try Scaler(format: .gray8, maxWidth: 96, smooth: true).convert(frame)
        let input = StageInput(frame: frame, thumbnail: thumbnail, previousThumbnail: still ? thumbnail : nil,
                               scaler: Scaler(format: .rgb24, maxWidth: 1280))
        input.motionMeasured = still
        return input
    }

    /// Upsampled once: the 640x360 clip's faces are under HOG's 80 px.
    private func stage(search: WholeFrameBudget, recent: RecentFaces, stillSearchInterval: Double = 2) -> FaceStage {
        var settings = FaceSettings()
        settings.upsample = 1
        settings.stillSearchInterval = stillSearchInterval
        return FaceStage(engine: engine, watchlists: Watchlists(), settings: settings, wholeSearch: search, recent: recent)
    }

    @Test func aStillFrameFindsTheFacesFoundBeforeWithoutSearchingTheWholePicture() throws {
        try #require(frames.count == 2)
        let search = WholeFrameBudget(), recent = RecentFaces()
        let camera = stage(search: search, recent: recent)
        let first = try camera.analyze(try input(frames[0], still: false))
        try #require(!first.isEmpty, "the Hamilton clip's first frame shows faces")
        #expect(try input(frames[1], still: true).attention == .still)

        // Same camera, 0.2 s later, nothing moved: each face is found again around where it was.
        let again = try camera.analyze(try input(frames[1], still: true))
        #expect(again.count == first.count)
        for face in first { #expect(again.contains { $0.box.overlap(face.box) > 0.5 }) }

        // A camera whose whole picture was just searched and that knows of no face finds none: it did not search.
        let unknowing = stage(search: search, recent: RecentFaces())
        #expect(try unknowing.analyze(try input(frames[1], still: true)).isEmpty)

        // Once the still-search interval has passed, the whole picture is searched again, known faces or not.
        let sooner = stage(search: search, recent: RecentFaces(), stillSearchInterval: 0.1)
        #expect(try sooner.analyze(try input(frames[1], still: true)).count == first.count)
    }
}
