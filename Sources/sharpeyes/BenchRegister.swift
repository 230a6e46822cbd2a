import ArgumentParser
import Foundation
import Incidents
import Media
import Recognition

/// A community's register at the size of a district's largest (#25): synthetic residents with one face each, written
/// through the store's register import (`addToRegister`, what `sharpeyes community import` calls after embedding the
/// photos), then read back and made into the face gallery a gate searches (what `serve` does at start and on each
/// change). Times, the resident memory each step adds, and a gate's search over the result.
///
/// Synthetic faces as in `bench gallery` (drawn around the development faces' statistics): the photos' embedding is
/// the face model's cost, measured elsewhere (about 0.3 s a photo), not the register's.
struct BenchRegister: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "register",
        abstract: "Import time and memory of a large residents' register, its load into a gallery, and a gate's search over it.")

    @Option(help: "Residents to import (one face each).")
    var residents = 100_000

    @Option(help: "The SQLite file to write (created; refused if it exists).")
    var db: String

    @Option(help: "Seed of the synthetic faces.")
    var seed: UInt64 = 1

    @Option(help: "The folder of development faces (their statistics shape the synthetic ones).")
    var faces = "Fixtures/faces"

    func validate() throws {
        guard (1...1_000_000).contains(residents) else { throw ValidationError("--residents: give 1 to 1000000") }
        guard !FileManager.default.fileExists(atPath: db) else { throw ValidationError("--db: \(db) exists; give a new file") }
    }

    func run() async throws {
        let real = try RealFaces(folder: faces)
        var generator = SyntheticFaces(from: real.embeddings, seed: seed)
        _ = generator.calibrate(impostorMean: real.impostorDistances.mean)
        let store = try IncidentStore(path: db).async
        var batch = RegisterBatch(community: "bench")
        batch.residents = (0..<residents).map { index in
            (CommunityResident(community: "bench", name: "resident \(index)", unit: "\(index / 400)-\(index % 400)"),
             [Data(generator.next().bytes)])
        }
        let (imported, importMiB) = try await Self.measure { _ = try await store.addToRegister(batch) }
        batch = RegisterBatch(community: "bench")
        var rows = CommunityRegisterRows()
        let (read, readMiB) = try await Self.measure { rows = try await store.register(community: "bench") }
        var gallery = FaceGallery(reservingCapacity: rows.residents.count)
        let (built, galleryMiB) = try await Self.measure {
            for (resident, faces) in rows.residents {
                for face in faces { if let embedding = FaceEmbedding(bytes: [UInt8](face)) { gallery.append(embedding, id: resident.id ?? 0) } }
            }
        }
        rows = CommunityRegisterRows()
        var times: [Double] = []
        for _ in 0..<1000 {
            let probe = generator.next(), started = ContinuousClock.now
            _ = gallery.nearest(to: probe, within: 0.45)
            times.append((ContinuousClock.now - started).seconds * 1000)
        }
        times.sort()
        let bytes = [db, db + "-wal"].compactMap { try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int }.reduce(0, +)
        print("""
            residents: \(residents) (one synthetic face each), into \(db) (\(bytes / 1_048_576) MiB on disk)
            import (addToRegister, one transaction): \(String(format: "%.1f", imported)) s, +\(importMiB) MiB resident
            read back (register(community:)): \(String(format: "%.1f", read)) s, +\(readMiB) MiB
            gallery built from it: \(String(format: "%.2f", built)) s, +\(galleryMiB) MiB (\(gallery.count) faces)
            a gate's search of one face at threshold 0.45: median \(String(format: "%.2f", times[500])) ms, \
            p99 \(String(format: "%.2f", times[990])) ms (1000 synthetic probes)
            """)
    }

    /// Seconds `body` took and the resident memory it added (MiB, 0 when it shrank).
    private static func measure(_ body: () async throws -> Void) async throws -> (Double, Int) {
        let before = ResidentMemory.bytes(), started = ContinuousClock.now
        try await body()
        return ((ContinuousClock.now - started).seconds, max(0, ResidentMemory.bytes() - before) / 1_048_576)
    }
}
