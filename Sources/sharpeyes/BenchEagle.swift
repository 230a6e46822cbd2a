import ArgumentParser
import Foundation
import Media
import AnalysisKit
import Pipeline
import Recognition
import Toolkit

/// The cost of one 4K eagle-eye frame: faces and plates on full-resolution tiles against one pass over the frame
/// scaled to the analysis width, measured on the same frames in one run.
struct BenchEagle: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "eagle",
        abstract: "Time faces + plates per 4K frame: tiled (all tiles, motion-gated tiles) against one whole-frame pass.",
        discussion: "The ×realtime figures are for one camera sampled at --fps on --cores analysis threads.")

    @Argument(help: "A wide video (Fixtures/eagle/generated/eagle-4k.mp4 from make-eagle-fixtures.sh).")
    var file: String

    @Option(help: "Sampling rate whose realtime factor is reported (the default sampling is 5).")
    var fps = 5.0

    @Option(help: "Analysis threads the realtime factor assumes (this machine's cores by default).")
    var cores = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Sampled frames timed.")
    var frames = 6

    @Flag(help: "Print the result as one JSON object on the last line.")
    var json = false

    struct Result: Codable {
        var file: String
        var width: Int
        var height: Int
        var frames: Int
        var tiles: Int
        var wholeFrameMs: Double
        var tiledMs: Double
        var motionGatedMs: Double
        var motionGatedTilesPerFrame: Double
        /// Parts that moved analysed instead of tiles.
        var motionGatedPartsPerFrame: Double
        /// One decoder thread's time per second of media, every frame decoded as cameras decode them.
        var decodeMsPerMediaSecond: Double
        /// Tiled cost over whole-frame cost.
        var tiledVsWhole: Double
        var fps: Double
        var cores: Int
        var wholeRealtime: Double
        var tiledRealtime: Double
        var motionGatedRealtime: Double
        /// The motion-gated figure with the decoding of every frame counted too.
        var motionGatedRealtimeWithDecoding: Double
        /// Motion-gated, after the first sampled frame (which has no previous one to compare, so runs every tile: once
        /// per connection of a live camera): the cost a camera pays hour after hour.
        var motionGatedSteadyMs: Double
        var motionGatedSteadyRealtimeWithDecoding: Double
    }

    func run() async throws {
        let result = try await DedicatedThread.run { try measure() }
        print(String(format: "%dx%d, %d frames: whole frame %.0f ms, %d tiles %.0f ms (%.1f×), motion-gated %.1f tiles %.0f ms",
                     result.width, result.height, result.frames, result.wholeFrameMs, result.tiles, result.tiledMs,
                     result.tiledVsWhole, result.motionGatedTilesPerFrame, result.motionGatedMs))
        print(String(format: "×realtime at %.0f fps on %d cores: whole %.2f, tiled %.2f, motion-gated %.2f (%.1f parts a frame)",
                     result.fps, result.cores, result.wholeRealtime, result.tiledRealtime, result.motionGatedRealtime,
                     result.motionGatedPartsPerFrame))
        print(String(format: "decoding: %.0f ms per media second; motion-gated with decoding: %.2f×realtime; after the first frame %.0f ms, %.2f×realtime with decoding",
                     result.decodeMsPerMediaSecond, result.motionGatedRealtimeWithDecoding, result.motionGatedSteadyMs,
                     result.motionGatedSteadyRealtimeWithDecoding))
        if json { printJSONLine(result) }
    }

    /// Faces (detect + embed every face) and plates, as `analyze --faces --plates --keep-unknown-faces` runs them
    /// (the whole-frame plate detector at most once a media second per stage, as a camera's workers share it).
    private func stages() throws -> [any Stage] {
        let paths = ModelPaths.default
        try paths.checkFaceModels()
        var face = FaceSettings()
        face.embedsEveryFace = true
        return [FaceStage(engine: try FaceEngine(models: paths), watchlists: Watchlists(), settings: face),
                PlateStage(engine: try PlateEngine.shared(models: paths))]
    }

    private func measure() throws -> Result {
        let reader = try MediaReader(url: file, options: ReaderOptions(threads: 1))
        let frameRate = reader.source.frameRate ?? 25
        let step = max(1, Int((frameRate / fps).rounded()))
        var tiling = TilingSettings()
        tiling.motionGated = false
        var gated = TilingSettings()
        gated.motionGated = true
        var whole = try stages()
        var tiled: [any Stage] = try stages().map { TiledStage($0, settings: tiling) }
        var motion: [any Stage] = try stages().map { TiledStage($0, settings: gated) }
        let analysis = Scaler(format: .rgb24, maxWidth: AnalysisOptions().analysisWidth)
        let thumbnails = Scaler(format: .gray8, maxWidth: TilingSettings.motionWidth, smooth: true)
        var times = (whole: 0.0, tiled: 0.0, gated: 0.0), timed = 0, previous: Image?, size = (0, 0)
        var decoding = Duration.zero, decoded = 0, firstGated = 0.0
        while timed < frames {
            let start = ContinuousClock.now
            guard let info = try reader.decodeNext() else { break }
            decoding += .now - start
            decoded += 1
            guard info.index % step == 0 else { continue }
            let frame = try reader.retainCurrent()
            size = (frame.width, frame.height)
            let thumbnail = try thumbnails.convert(frame)
            defer { previous = thumbnail }
            let input = { StageInput(frame: frame, thumbnail: thumbnail, previousThumbnail: previous, scaler: analysis) }
            times.whole += try Self.time(&whole, input())
            times.tiled += try Self.time(&tiled, input())
            let gatedTime = try Self.time(&motion, input())
            times.gated += gatedTime
            if timed == 0 { firstGated = gatedTime }
            timed += 1
        }
        guard timed > 0 else { throw CommandFailure("\(file) has no frames") }
        let tiles = tiling.tiles(width: size.0, height: size.1).count
        let gatedStage = motion.compactMap { $0 as? TiledStage }.first
        let run = gatedStage?.tilesRun ?? 0, parts = gatedStage?.partsRun ?? 0
        let decodeMs = decoding.seconds * 1000 / (Double(decoded) / frameRate)
        let ms = (whole: times.whole / Double(timed) * 1000, tiled: times.tiled / Double(timed) * 1000,
                  gated: times.gated / Double(timed) * 1000)
        let steadyMs = timed > 1 ? (times.gated - firstGated) / Double(timed - 1) * 1000 : ms.gated
        // One camera sampled at `fps` on `cores` threads: media seconds per second of the cores' time.
        let realtime = { (costMs: Double, decodingMs: Double) in Double(cores) / (costMs * fps / 1000 + decodingMs / 1000) }
        return Result(file: file, width: size.0, height: size.1, frames: timed, tiles: tiles, wholeFrameMs: ms.whole,
                      tiledMs: ms.tiled, motionGatedMs: ms.gated, motionGatedTilesPerFrame: Double(run) / Double(timed),
                      motionGatedPartsPerFrame: Double(parts) / Double(timed), decodeMsPerMediaSecond: decodeMs,
                      tiledVsWhole: ms.tiled / ms.whole, fps: fps, cores: cores, wholeRealtime: realtime(ms.whole, 0),
                      tiledRealtime: realtime(ms.tiled, 0), motionGatedRealtime: realtime(ms.gated, 0),
                      motionGatedRealtimeWithDecoding: realtime(ms.gated, decodeMs), motionGatedSteadyMs: steadyMs,
                      motionGatedSteadyRealtimeWithDecoding: realtime(steadyMs, decodeMs))
    }

    /// Seconds the stages take on one frame.
    private static func time(_ stages: inout [any Stage], _ input: StageInput) throws -> Double {
        let start = ContinuousClock.now
        for index in stages.indices { _ = try stages[index].analyze(input) }
        return (ContinuousClock.now - start).seconds
    }
}
