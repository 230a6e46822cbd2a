public import Pipeline
import Incidents
import Media

/// Finds and reads licence plates in each analysed frame (PP-OCRv4 under ONNX Runtime).
///
/// The whole-frame detector (the fallback when the plate-coloured candidates give nothing) costs 0.3–0.6 s on a
/// 1280x720 frame, against a few tens of milliseconds for the candidates; a plate stays in view for several
/// sampled frames, so each worker runs it at most once per `wholeFrameInterval` seconds of media.
public struct PlateStage: Stage {
    public let name = "plate"
    private let engine: PlateEngine
    private let search: PlateSearch
    private let wholeFrameInterval: Double
    private var lastWholeFrame = -Double.infinity

    public init(engine: PlateEngine, search: PlateSearch = PlateSearch(), wholeFrameInterval: Double = 1.0) {
        self.engine = engine
        self.search = search
        self.wholeFrameInterval = wholeFrameInterval
    }

    public mutating func analyze(_ input: StageInput) throws -> [Detection] {
        let time = input.frame.time
        let allowed = abs(time - lastWholeFrame) >= wholeFrameInterval
        let (plates, searchedWholeImage) = try engine.find(in: try input.image(), search: search, wholeImageAllowed: allowed)
        if searchedWholeImage { lastWholeFrame = time }
        let scale = input.analysisScale
        return plates.map { read in
            var read = read
            read.box = read.box.scaled(by: scale)
            return Detection(kind: .plate, box: read.box, confidence: read.confidence, label: read.text, payload: read)
        }
    }
}
