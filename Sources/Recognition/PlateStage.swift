public import AnalysisKit
import Incidents
import Media
import Synchronization

/// When a camera last ran a costly whole-picture search (the plate detector, or faces while nothing moves), shared by
/// the workers that analyse its frames.
public final class WholeFrameBudget: Sendable {
    private let state = Mutex<(last: Double, previous: Double)>((-.infinity, -.infinity))

    public init() {}

    /// Claims a whole-frame search at media time `time` if none ran within `interval` of it.
    func take(at time: Double, interval: Double) -> Bool {
        state.withLock { state in
            guard abs(time - state.last) >= interval else { return false }
            state = (time, state.last)
            return true
        }
    }

    /// The whole picture was searched at `time` for another reason (all of it moved): the interval starts again.
    func restart(at time: Double) {
        state.withLock { $0 = (time, $0.last) }
    }

    /// The claimed search was not needed (the candidates found the plates): the budget is unspent.
    func giveBack() {
        state.withLock { $0 = ($0.previous, $0.previous) }
    }
}

/// Finds and reads licence plates in each analysed frame (PP-OCRv4 under ONNX Runtime).
///
/// Plates are small: frames wider than the analysis size are read at up to `readingWidth` pixels (1920: a 1080p
/// camera at full resolution) rather than at the analysis size the other stages share. The whole-frame detector
/// (the fallback when the plate-coloured candidates give nothing) costs 0.3–0.6 s on a 1280x720 frame, against a
/// few tens of milliseconds for the candidates; a plate stays in view for several sampled frames, so each worker
/// runs it at most once per `wholeFrameInterval` seconds of media — per camera when its workers share a
/// `WholeFrameBudget` (as `serve`'s do), else per worker — and while nothing in the picture moves, ten times less
/// often.
public struct PlateStage: Stage {
    public let name = "plate"
    private let engine: PlateEngine
    private let search: PlateSearch
    private let wholeFrameInterval: Double
    private let scaler: Scaler
    private let budget: WholeFrameBudget

    public init(engine: PlateEngine, search: PlateSearch = PlateSearch(), wholeFrameInterval: Double = 1.0,
                budget: WholeFrameBudget = WholeFrameBudget(),
                readingWidth: Int = 1920) {
        self.engine = engine
        self.search = search
        self.wholeFrameInterval = wholeFrameInterval
        self.budget = budget
        scaler = Scaler(format: .rgb24, maxWidth: readingWidth)
    }

    /// While nothing moves, the whole-frame search runs this many times less often.
    static let stillFactor = 10.0
    /// The smallest plate box the reader takes (`plate_shaped`), in pixels of the image read: a region that moved
    /// but is smaller cannot hold a plate that moved.
    static let plateSize = (width: 24, height: 8)

    public mutating func analyze(_ input: StageInput) throws -> [Detection] {
        let frame = input.frame
        let ownSize = scaler.outputSize(width: frame.width, height: frame.height)
        let analysisSize = Double(frame.width) / input.analysisScale
        // The shared analysis picture when it is already as large as ours; else our own, larger conversion.
        let image = Double(ownSize.width) <= analysisSize ? try input.image() : try scaler.convert(frame)
        // While nothing moves, what is in view was searched when it arrived (or on the first frame): the costly
        // whole-frame search waits for something new, or runs rarely (a car that stopped where blur or the angle hid
        // its plate, or arrived during frames a busy camera dropped).
        let attention = input.attention
        let interval = attention == .still ? wholeFrameInterval * Self.stillFactor : wholeFrameInterval
        let scale = Double(frame.width) / Double(image.width)
        // Where only parts moved, only they can show a plate not seen before: the rest was searched when it moved.
        var regions: [Box] = []
        if case .regions(let moved) = attention {
            regions = moved.map { $0.scaled(by: 1 / scale) }.filter { $0.width >= Self.plateSize.width && $0.height >= Self.plateSize.height }
            if regions.isEmpty { return [] }
        }
        let allowed = budget.take(at: frame.time, interval: interval)
        let (plates, searchedWholeImage) = try engine.find(in: image, search: search, wholeImageAllowed: allowed,
                                                           regions: regions)
        if allowed && !searchedWholeImage { budget.giveBack() }
        return plates.map { read in
            var read = read
            read.box = read.box.scaled(by: scale)
            return Detection(kind: .plate, box: read.box, confidence: read.confidence, label: read.text, payload: read)
        }
    }
}
