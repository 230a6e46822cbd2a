import AnalysisKit
import Media
import Recognition
import TestSupport
import Testing

/// The plate stage looks where the frame moved: a plate outside every motion region was searched when it moved
/// there, and a region too small to hold a plate is not searched at all.
struct PlateStageRegionTests {
    let engine: PlateEngine

    init() throws {
        engine = try PlateEngine.shared(models: .default)
    }

    /// The slideshow's first frame: 京FK5358 at about (838, 276) of the 1280x720 picture (labels.tsv, zoom 1.0).
    private func input(motion: [Box]) throws -> StageInput {
        let reader = try MediaReader(url: Fixtures.path("plates/slideshow.mp4"))
        _ = try #require(try reader.decodeNext())
        let frame = try reader.retainCurrent()
        let thumbnail = try Scaler(format: .gray8, maxWidth: 96, smooth: true).convert(frame)
        let input = StageInput(frame: frame, thumbnail: thumbnail, previousThumbnail: thumbnail,
                               scaler: Scaler(format: .rgb24, maxWidth: 1280))
        input.motion = motion
        input.motionMeasured = true
        return input
    }

    private func texts(motion: [Box]) throws -> [String] {
        var stage = PlateStage(engine: engine)
        return try stage.analyze(try input(motion: motion)).compactMap(\.label)
    }

    @Test func aPlateWhereTheFrameMovedIsRead() throws {
        #expect(try texts(motion: [Box(x: 700, y: 200, width: 300, height: 150)]) == ["京FK5358"])
    }

    @Test func aPlateWhereNothingMovedIsNotSearchedAgain() throws {
        #expect(try texts(motion: [Box(x: 0, y: 450, width: 300, height: 200)]).isEmpty)
    }

    @Test func aRegionSmallerThanAPlateIsNotSearched() throws {
        #expect(try texts(motion: [Box(x: 830, y: 270, width: 10, height: 4)]).isEmpty)
    }
}
