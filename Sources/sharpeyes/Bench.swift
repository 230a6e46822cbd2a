import ArgumentParser
import Foundation
import Media

extension SharpEyes {
    struct Bench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Benchmarks over recorded footage; each prints ratios measured in one run.",
            subcommands: [BenchDecode.self, BenchPlates.self, BenchEagle.self, BenchGallery.self, BenchRegister.self, BenchWrites.self,
                          BenchLeases.self]
        )
    }
}

/// In-process decoding against the ffmpeg CLI on the same file and thread count, and keyframe-only against full.
struct BenchDecode: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "decode",
        abstract: "Decode a file in-process and with `ffmpeg -f null`, and keyframes only; print throughputs and ratios.")

    @Argument(help: "A video file.")
    var file: String

    @Option(help: "Decoder threads for both (0: one per core).")
    var threads = 1

    @Option(help: "Runs of each; the best is kept.")
    var repeats = 3

    @Flag(help: "Print the result as one JSON object on the last line.")
    var json = false

    struct Result: Codable {
        var file: String
        var threads: Int
        var frames: Int
        var keyframes: Int
        var inProcessSeconds: Double
        var ffmpegSeconds: Double
        var keyframesSeconds: Double
        var inProcessFps: Double
        var ffmpegFps: Double
        /// ffmpeg's time over ours: above 1 means we decode faster.
        var inProcessVsFfmpeg: Double
        /// Full decode time over keyframe-only time.
        var keyframesSpeedup: Double
    }

    func run() async throws {
        guard FileManager.default.fileExists(atPath: file) else { throw CommandFailure("cannot open \(file): no such file") }
        var full = (frames: 0, seconds: Double.infinity)
        var keys = (frames: 0, seconds: Double.infinity)
        var ffmpeg = Double.infinity
        // Interleaved, so a burst of load on this shared machine hits both sides alike.
        for _ in 0..<max(1, repeats) {
            let a = try decodeAll(keyframesOnly: false)
            full = (a.frames, min(full.seconds, a.seconds))
            ffmpeg = min(ffmpeg, try runFFmpeg())
            let k = try decodeAll(keyframesOnly: true)
            keys = (k.frames, min(keys.seconds, k.seconds))
        }
        let result = Result(file: file, threads: threads, frames: full.frames, keyframes: keys.frames,
                            inProcessSeconds: full.seconds, ffmpegSeconds: ffmpeg, keyframesSeconds: keys.seconds,
                            inProcessFps: Double(full.frames) / full.seconds, ffmpegFps: Double(full.frames) / ffmpeg,
                            inProcessVsFfmpeg: ffmpeg / full.seconds, keyframesSpeedup: full.seconds / keys.seconds)
        print(String(format: "in-process full decode: %d frames in %.3f s (%.0f fps)", full.frames, full.seconds, result.inProcessFps))
        print(String(format: "ffmpeg -threads %d -f null: %.3f s (%.0f fps)", threads, ffmpeg, result.ffmpegFps))
        print(String(format: "ratio in-process / ffmpeg: %.2f×", result.inProcessVsFfmpeg))
        print(String(format: "keyframes only: %d frames in %.3f s, %.1f× faster than full decode", keys.frames, keys.seconds, result.keyframesSpeedup))
        if json {
            printJSONLine(result)
        }
    }

    private func decodeAll(keyframesOnly: Bool) throws -> (frames: Int, seconds: Double) {
        let start = ContinuousClock.now
        let reader = try MediaReader(url: file, options: ReaderOptions(threads: threads, keyframesOnly: keyframesOnly))
        while try reader.decodeNext() != nil {}
        return (reader.framesDecoded, (ContinuousClock.now - start).seconds)
    }

    /// Wall time of `ffmpeg -threads N -i FILE -an -f null -`, process start included (as a user would run it).
    private func runFFmpeg() throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-threads", "\(threads)",
                             "-i", file, "-an", "-f", "null", "-"]
        let start = ContinuousClock.now
        try process.run()
        process.waitUntilExit()
        let elapsed = (ContinuousClock.now - start).seconds
        guard process.terminationStatus == 0 else { throw CommandFailure("ffmpeg failed on \(file) (is the ffmpeg package installed?)") }
        return elapsed
    }
}
