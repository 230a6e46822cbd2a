public import ArgumentParser
import Foundation
public import Incidents
public import Logging
import Media
import Pipeline
import Service

extension SharpEyes {
    struct Analyze: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Analyse a file or a live stream (rtsp, rtmp, http(s), hls, udp) and record sightings.",
            discussion: "Ctrl-C stops reading; queued frames are still analysed and committed before the summary."
        )

        @Argument(help: "A video file or a stream URL.")
        var source: String

        @OptionGroup var sampling: SamplingOptions
        @OptionGroup var store: StoreOptions

        @Option(help: "Camera id recorded with each sighting (default: from the file or URL).")
        var camera: String?

        @Option(help: "Camera kind: fixed, eagle_eye, drone or file.")
        var kind: Camera.Kind?

        @Option(help: "Camera position as LAT,LON (for dispatch).")
        var location: String?

        @Option(help: "Worker threads, 1 to 64 (default: one per core).")
        var workers = min(ProcessInfo.processInfo.activeProcessorCount, WorkerPool.maxWorkers)

        @Option(help: "Width frames are scaled down to for motion and faces (plates are read at up to 1920).")
        var analysisWidth = AnalysisOptions().analysisWidth

        @Option(help: "Decoder threads, 0 to 64 (0: one per core).")
        var threads = 0

        @Flag(help: "Decode the frames needed only as references for sampled ones without the loop filter (less decoding, some drift in the analysed frames).")
        var skipUnsampledDeblocking = false

        @Option(help: "Directory for snapshots and crops (default: beside the database).")
        var snapshots: String?

        @Option(help: "When a recorded file was filmed (ISO 8601, e.g. 2026-11-28T14:05:00+08:00); sighting times follow it.")
        var recordedAt: String?

        @Option(help: "Stop after this many seconds of media (files) or wall-clock time (live).")
        var duration: Double?

        @Option(help: "Connection attempts for a live source before giving up; each takes at most the open timeout plus its backoff.")
        var retries = ReconnectPolicy().attempts

        @Option(help: "Seconds one attempt to open a source (connect and probe) may take, more than 0 and at most 300.")
        var openTimeout = SourceOptions().openTimeout.seconds

        @Option(help: "Seconds a live source may stay silent before it counts as lost, more than 0 and at most 300.")
        var readTimeout = SourceOptions().readTimeout.seconds

        @OptionGroup var tiles: TilingOptions
        @OptionGroup var faces: FaceOptions
        @OptionGroup var plates: PlateOptions

        @Option(help: "Dispatch configuration (YAML): send incidents to forces as they are raised.")
        var dispatch: String?

        @Option(help: "Base URL of this server, for acknowledgement links in dispatch messages.")
        var publicURL = "http://localhost:8080"

        @Flag(help: "Print the summary as one JSON object on the last line of stdout.")
        var json = false

        @Flag(help: "No progress bar.")
        var quiet = false

        @Option(help: "Log level: trace, debug, info, notice, warning, error.")
        var logLevel: Logger.Level = .notice

        func validate() throws {
            guard (1...WorkerPool.maxWorkers).contains(workers) else {
                throw ValidationError("--workers must be 1 to \(WorkerPool.maxWorkers), got \(workers)")
            }
            guard (0...ReaderOptions.maxThreads).contains(threads) else {
                throw ValidationError("--threads must be 0 to \(ReaderOptions.maxThreads), got \(threads)")
            }
            try check(analysisWidth, in: Self.analysisWidthRange, "--analysis-width")
            guard retries >= 1 else { throw ValidationError("--retries must be 1 or more") }
            let timeout = AnalysisOptions.timeoutRange.upperBound.seconds
            try Self.checkSeconds(openTimeout, "--open-timeout", atMost: timeout)
            try Self.checkSeconds(readTimeout, "--read-timeout", atMost: timeout)
            if let duration { try Self.checkSeconds(duration, "--duration", atMost: Duration.clampingLimit.seconds) }
            if let recordedAt, Self.date(recordedAt) == nil {
                throw ValidationError("--recorded-at must be an ISO 8601 time such as 2026-11-28T14:05:00+08:00, got '\(recordedAt)'")
            }
            if let location, ServeConfig.Position(location) == nil {
                throw ValidationError("--location must be LAT,LON in degrees, got '\(location)'")
            }
        }

        /// Narrower than the library's `AnalysisOptions.analysisWidthRange`: below 160 pixels no face or plate is found.
        static let analysisWidthRange = 160...AnalysisOptions.analysisWidthRange.upperBound

        /// NaN, infinity, zero and negatives never pass: each would trap a conversion or switch a deadline off.
        private static func checkSeconds(_ value: Double, _ name: String, atMost limit: Double) throws {
            guard value > 0 && value <= limit else {
                throw ValidationError("\(name) must be more than 0 and at most \(Int(limit)) seconds, got \(value)")
            }
        }

        func run() async throws {
            let logger = makeLogger(level: logLevel)
            let runtime = try await AnalyzeRuntime(
                request: request, dispatch: dispatch.map { DispatchRequest(config: $0, publicURL: publicURL) },
                logger: logger, warn: { FileHandle.standardError.write(Data("warning: \($0)\n".utf8)) })
            let camera = runtime.camera
            let dispatching = runtime.dispatching.map { runner in Task { try? await runner.run() } }
            let signals = SignalWatcher { camera.stop() }
            let progress = ProgressBar(enabled: !quiet && isatty(STDERR_FILENO) != 0) { camera.progress }
            defer { progress.stop(); withExtendedLifetime(signals) {} }
            let summary = try await camera.runOnce()
            progress.stop()
            dispatching?.cancel()  // the loops end, then the outbox drains
            await dispatching?.value
            report(summary)
            if let failure = summary.failure { throw CommandFailure(failure) }
        }

        /// The one camera these flags describe, over the library's defaults.
        private var request: SourceRequest {
            var request = SourceRequest(source: source, database: store.db)
            request.cameraID = camera
            request.kind = kind
            request.position = location.flatMap(ServeConfig.Position.init)
            request.options.sampling = sampling.policy
            request.options.workers = workers
            request.options.analysisWidth = analysisWidth
            request.options.decoderThreads = threads
            request.options.skipsUnsampledDeblocking = skipUnsampledDeblocking
            request.options.snapshotDirectory = snapshots
            request.options.maxSeconds = duration
            request.options.recordedAt = recordedAt.flatMap(Self.date)
            request.options.source.openTimeout = .clamping(seconds: openTimeout)
            request.options.source.readTimeout = .clamping(seconds: readTimeout)
            request.retries = retries
            request.tiling = tiles.choice
            request.apply(faces: faces, plates: plates)
            return request
        }

        /// `LAT,LON` in degrees, as `ServeConfig.Position` reads it (`dispatch drill --location` too).
        static func coordinates(_ text: String) -> (Double, Double)? {
            ServeConfig.Position(text).map { ($0.latitude, $0.longitude) }
        }

        static func date(_ text: String) -> Date? {
            let formatter = ISO8601DateFormatter()
            return formatter.date(from: text)
        }

        private func report(_ summary: Summary) {
            let text = SummaryText(summary).lines.joined(separator: "\n")
            if json {
                FileHandle.standardError.write(Data((text + "\n").utf8))
                printJSONLine(SummaryJSON(summary))
            } else {
                print(text)
            }
        }
    }
}

extension Camera.Kind: ExpressibleByArgument {}
extension Logger.Level: @retroactive ExpressibleByArgument {}

func makeLogger(level: Logger.Level) -> Logger {
    var logger = Logger(label: "sharpeyes") { StreamLogHandler.standardError(label: $0) }
    logger.logLevel = level
    FFmpegLog.configure(verbose: level <= .debug)
    return logger
}
