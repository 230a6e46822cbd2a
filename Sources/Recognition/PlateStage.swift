public import Pipeline
import Incidents
import Media

/// Finds and reads licence plates in each analysed frame (PP-OCRv4 under ONNX Runtime).
public struct PlateStage: Stage {
    public let name = "plate"
    private let engine: PlateEngine
    private let search: PlateSearch

    public init(engine: PlateEngine, search: PlateSearch = PlateSearch()) {
        self.engine = engine
        self.search = search
    }

    public func analyze(_ input: StageInput) throws -> [Detection] {
        let scale = input.analysisScale
        return try engine.plates(in: try input.image(), search: search).map { read in
            var read = read
            read.box = read.box.scaled(by: scale)
            return Detection(kind: .plate, box: read.box, confidence: read.confidence, label: read.text, payload: read)
        }
    }
}
