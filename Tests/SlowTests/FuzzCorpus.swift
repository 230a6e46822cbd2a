import Foundation
import TestSupport

/// Files made by `scripts/fuzz-corpus.py` and, for each, the `sharpeyes` arguments that read it.
struct FuzzCorpus: Sendable {
    struct Entry: Sendable, Decodable {
        /// video, photo, dispatch, serve, hotlist or labels.
        let kind: String
        /// Relative to the corpus directory.
        let file: String
        /// What was done to the fixture.
        let mutation: String
        /// With `{file}` and `{db}` to fill in.
        let args: [String]
        let env: [String: String]
    }

    let directory: URL
    let entries: [Entry]

    static func generate(seed: Int, videos: Int, photos: Int, texts: Int) async throws -> FuzzCorpus {
        let directory = try temporaryDirectory("fuzz")
        let script = Fixtures.packageRoot.appendingPathComponent("scripts/fuzz-corpus.py").path
        try await runTool("/usr/bin/python3", [script, directory.path, "--seed", "\(seed)", "--videos", "\(videos)",
                                       "--photos", "\(photos)", "--texts", "\(texts)"])
        let manifest = try String(contentsOf: directory.appendingPathComponent("manifest.jsonl"), encoding: .utf8)
        let entries = try manifest.split(separator: "\n").map { try JSONDecoder().decode(Entry.self, from: Data($0.utf8)) }
        return FuzzCorpus(directory: directory, entries: entries)
    }

    func path(of entry: Entry) -> String { directory.appendingPathComponent(entry.file).path }
}

/// One run of the CLI on a corpus file, under limits that `prlimit` sets and the child keeps across exec — 30 s of
/// CPU (SIGXCPU beyond) and 3 GiB of address space — and 120 s of wall-clock time for a run that waits forever
/// (the machines are shared: a wall-clock limit of 30 s would count a busy machine as a hang), and how it ended.
struct LimitedRun {
    static let cpuLimit = 30
    static let timeLimit = 120.0
    static let addressSpaceLimit = 3 << 30

    let status: Int32
    let signalled: Bool
    let timedOut: Bool
    let seconds: Double
    let stdout: String
    let stderr: String

    init(_ entry: FuzzCorpus.Entry, in corpus: FuzzCorpus) async throws {
        let db = try temporaryDirectory("fuzz-db").appendingPathComponent("sharpeyes.sqlite").path
        let arguments = entry.args.map {
            $0.replacingOccurrences(of: "{file}", with: corpus.path(of: entry)).replacingOccurrences(of: "{db}", with: db)
        }
        let limited = ["/usr/bin/prlimit", "--as=\(Self.addressSpaceLimit)", "--cpu=\(Self.cpuLimit):\(Self.cpuLimit + 10)", "--",
                       SharpEyesBinary.path] + arguments
        let started = Date()
        let child = try await ChildProcess.start("/usr/bin/env", entry.env.map { "\($0.key)=\($0.value)" }.sorted() + limited)
        timedOut = await !child.waitUntil(Self.timeLimit) { $0.status != nil }
        status = await child.exit(timeout: 0)
        seconds = Date().timeIntervalSince(started)
        signalled = child.endedBySignal && !timedOut
        stdout = child.stdout
        stderr = child.stderr
    }

    /// What is wrong with how the run ended, or nil: it must end by itself in time, with status 0, or 1 and a line
    /// starting `error:`.
    var problem: String? {
        if timedOut { return "still running after \(Int(Self.timeLimit)) s" }
        if signalled && status == SIGXCPU { return "more than \(Self.cpuLimit) s of CPU" }
        if signalled { return "killed by signal \(status)" }
        guard status == 0 || status == 1 else { return "exit status \(status)" }
        if status == 1 && !stderr.split(separator: "\n").contains(where: { $0.hasPrefix("error:") }) {
            return "exit 1 without an error: line"
        }
        return nil
    }

    /// A video that exited 0 having decoded no frame (its summary says `frames_decoded: 0`).
    var decodedNothing: Bool {
        status == 0 && (try? SharpEyesBinary.lastJSON(stdout))?["frames_decoded"] as? Int == 0
    }
}
