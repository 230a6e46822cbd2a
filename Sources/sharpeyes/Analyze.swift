public import ArgumentParser
import Foundation
public import Incidents
public import Logging
import Media
import Pipeline
import Toolkit
import Dispatching
import Recognition
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

        @Option(help: "Directory for snapshots and crops (default: beside the database).")
        var snapshots: String?

        @Option(help: "When a recorded file was filmed (ISO 8601, e.g. 2026-11-28T14:05:00+08:00); sighting times follow it.")
        var recordedAt: String?

        @Option(help: "Stop after this many seconds of media (files) or wall-clock time (live).")
        var duration: Double?

        @Option(help: "Connection attempts for a live source before giving up; each takes at most the open timeout plus its backoff.")
        var retries = 8

        @Option(help: "Seconds one attempt to open a source (connect and probe) may take, more than 0 and at most 300.")
        var openTimeout = 10.0

        @Option(help: "Seconds a live source may stay silent before it counts as lost, more than 0 and at most 300.")
        var readTimeout = 5.0

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
            guard (160...7680).contains(analysisWidth) else { throw ValidationError("--analysis-width must be 160 to 7680") }
            guard retries >= 1 else { throw ValidationError("--retries must be 1 or more") }
            try Self.checkSeconds(openTimeout, "--open-timeout", atMost: 300)
            try Self.checkSeconds(readTimeout, "--read-timeout", atMost: 300)
            if let duration { try Self.checkSeconds(duration, "--duration", atMost: Duration.clampingLimit.seconds) }
            if let recordedAt, Self.date(recordedAt) == nil {
                throw ValidationError("--recorded-at must be an ISO 8601 time such as 2026-11-28T14:05:00+08:00, got '\(recordedAt)'")
            }
            if let location, Self.coordinates(location) == nil {
                throw ValidationError("--location must be LAT,LON in degrees, got '\(location)'")
            }
        }

        /// NaN, infinity, zero and negatives never pass: each would trap a conversion or switch a deadline off.
        private static func checkSeconds(_ value: Double, _ name: String, atMost limit: Double) throws {
            guard value > 0 && value <= limit else {
                throw ValidationError("\(name) must be more than 0 and at most \(Int(limit)) seconds, got \(value)")
            }
        }

        func run() async throws {
            let logger = makeLogger(level: logLevel)
            let dispatcher = try dispatch.map { try loadDispatcher(config: $0, publicURL: publicURL, logger: logger) }
            // No cloned-plate check: one run is one camera, and a file's times (from --recorded-at, the file's creation
            // time or now) are not a clock to hold against other cameras' reads in a shared database. `serve` checks.
            let incidents = try openStore(store.db, hook: dispatcher?.incidentHook)
            let runner = dispatcher.map { DispatchRunner(dispatcher: $0, store: incidents, logger: logger) }
            let dispatching = runner.map { runner in Task { try? await runner.run() } }
            let plan: StagePlan
            do { plan = try await stagePlan(store: incidents) } catch { fail("\(error)") }
            let analysis = Analysis(url: source, camera: cameraRecord(), store: incidents, options: options(),
                                    stages: plan.makeStages, trackers: plan.makeTrackers, logger: logger)
            let signals = SignalWatcher { analysis.stop() }
            let progress = ProgressBar(enabled: !quiet && isatty(STDERR_FILENO) != 0) { analysis.progress }
            defer { progress.stop(); withExtendedLifetime(signals) {} }
            let summary: Summary
            do {
                summary = try await analysis.run()
            } catch {
                progress.stop()
                fail("\(error)")
            }
            progress.stop()
            dispatching?.cancel()  // the loops end, then the outbox drains
            await dispatching?.value
            report(summary)
            if let failure = summary.failure { fail(failure) }
        }

        /// Motion always; faces and plates when asked, else when their list has entries. Models load off the pool.
        private func stagePlan(store: IncidentStore) async throws -> StagePlan {
            let confusions = plates.plateConfusions
            let watchlists = try await Blocking.run { try Watchlists(store: store, maximumConfusions: confusions) }
            for refusal in watchlists.plates.refused { FileHandle.standardError.write(Data("warning: \(refusal)\n".utf8)) }
            let stages = stageSelection(watchlists: watchlists, faces: faces, plates: plates)
            let models = try await Blocking.run {
                try Models.load(faces: stages.contains(.faces), plates: stages.contains(.plates))
            }
            var settings = faces.settings(plates: plates)
            settings.tiling = tiles.settings(kind: cameraRecord().kind)
            return StagePlan(stages: stages, models: models, watchlists: watchlists, settings: settings)
        }

        private func options() -> AnalysisOptions {
            var options = AnalysisOptions()
            options.sampling = sampling.policy
            options.workers = workers
            options.analysisWidth = analysisWidth
            options.decoderThreads = threads
            options.snapshotDirectory = snapshots ?? URL(fileURLWithPath: store.db).deletingLastPathComponent()
                .appendingPathComponent("snapshots").path
            options.maxSeconds = duration
            options.tiling = tiles.settings(kind: cameraRecord().kind)
            if options.tiling != nil { options.motionWidth = TilingSettings.motionWidth }
            options.recordedAt = recordedAt.flatMap(Self.date)
            options.repeatWindow = faces.repeatWindow
            options.reconnect.attempts = retries
            options.source.openTimeout = .clamping(seconds: openTimeout)
            options.source.readTimeout = .clamping(seconds: readTimeout)
            return options
        }

        private func cameraRecord() -> Camera {
            let live = source.contains("://") && !source.hasPrefix("file:")
            let position = location.flatMap(Self.coordinates)
            return Camera(id: camera ?? Self.cameraID(for: source), name: camera ?? source,
                          kind: kind ?? (live ? .fixed : .file), url: source,
                          latitude: position?.0, longitude: position?.1)
        }

        /// A readable id from a path or URL: the file name without extension, or host and path.
        static func cameraID(for source: String) -> String {
            let base: String
            if let url = URL(string: source), let host = url.host, source.contains("://") {
                base = host + (url.port.map { "-\($0)" } ?? "") + url.path
            } else {
                base = URL(fileURLWithPath: source).deletingPathExtension().lastPathComponent
            }
            let id = base.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" }
            return String(id).trimmingCharacters(in: CharacterSet(charactersIn: "_"))
        }

        static func date(_ text: String) -> Date? {
            let formatter = ISO8601DateFormatter()
            return formatter.date(from: text)
        }

        static func coordinates(_ text: String) -> (Double, Double)? {
            let parts = text.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.count == 2, abs(parts[0]) <= 90, abs(parts[1]) <= 180 else { return nil }
            return (parts[0], parts[1])
        }

        private func report(_ summary: Summary) {
            let text = SummaryText(summary).lines.joined(separator: "\n")
            if json {
                FileHandle.standardError.write(Data((text + "\n").utf8))
                printJSONLine(summary)
            } else {
                print(text)
            }
        }
    }
}

extension Camera.Kind: ExpressibleByArgument {}
extension Logger.Level: @retroactive ExpressibleByArgument {}

/// Prints `error: message` and exits 1: the one-line failure every command gives for bad input.
/// One JSON object on one line of stdout, keys sorted and in snake_case: the machine-readable last line of a command.
func printJSONLine(_ value: some Encodable) {
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
    print(String(decoding: data, as: UTF8.self))
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    exit(1)
}

func makeLogger(level: Logger.Level) -> Logger {
    var logger = Logger(label: "sharpeyes") { StreamLogHandler.standardError(label: $0) }
    logger.logLevel = level
    FFmpegLog.configure(verbose: level <= .debug)
    return logger
}
