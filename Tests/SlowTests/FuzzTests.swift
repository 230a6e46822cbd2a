import Foundation
import TestSupport
import Testing

/// Issue #14: a fixed-seed sample of damaged videos and photos and hostile text inputs (`scripts/fuzz-corpus.py`;
/// 1,000 of them in `Benchmarks/fuzz.sh`), each given to the command that reads it under limits (30 s of CPU, 3 GiB of
/// address space, 120 s of wall-clock time): it never crashes or hangs, and exits 0, or 1 with an `error:` line.
@Suite(.childProcesses)
struct FuzzTests {
    /// Made once, by the first test that needs it.
    static let corpus = Lazily { try await FuzzCorpus.generate(seed: 14, videos: 24, photos: 8, texts: 20) }

    @Test(arguments: ["video", "photo", "dispatch", "serve", "hotlist", "labels"])
    func damagedInputGivesAResultOrAnErrorNeverACrash(kind: String) async throws {
        let corpus = try await Self.corpus.value
        let entries = corpus.entries.filter { $0.kind == kind }
        #expect(!entries.isEmpty)
        var runs: [(entry: FuzzCorpus.Entry, run: LimitedRun)] = []
        for entry in entries {
            let run = try await LimitedRun(entry, in: corpus)
            #expect(run.problem == nil, "\(corpus.path(of: entry)) (\(entry.mutation)): \(run.problem ?? "")\n\(run.stderr.suffix(600))")
            runs.append((entry, run))
        }
        let slowest = runs.max { $0.run.seconds < $1.run.seconds }
        let exits = runs.map(\.run.status)
        print("fuzz \(kind): \(runs.count) files, exit 0: \(exits.filter { $0 == 0 }.count), exit 1: "
            + "\(exits.filter { $0 == 1 }.count), slowest \(String(format: "%.1f", slowest?.run.seconds ?? 0)) s "
            + "(\(slowest?.entry.file ?? "-"))")
        let silent = runs.filter { $0.run.decodedNothing }.map(\.entry.file)
        #expect(silent.isEmpty, "\(silent.count) damaged videos decoded no frame and exited 0: \(silent)")
    }
}
