import ArgumentParser
import Foundation
import Incidents
import Logging
import PostgresStore
import Recognition
import Service
import Toolkit

extension SharpEyes {
    struct Community: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Manage residential communities' registers (residents, vehicles, visitors, key-person watches).",
            subcommands: [CommunityImport.self]
        )
    }
}

/// `sharpeyes community import --storage CONFIG COMMUNITY DIR`: the register files of DIR, each optional —
/// `residents.csv` (name,unit,photo), `vehicles.csv` (plate,unit), `visitors.csv`
/// (name,host_unit,plate,photo,valid_from,valid_until) and `watch.csv` (resident,until[,unit]) — with photo paths
/// relative to DIR. Every line is checked; a refused line is named with its reason and the rest are imported.
struct CommunityImport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a community's register from CSV files and photos (faces enrolled with the face model).")

    @Option(help: "The serve configuration: its storage: and communities:.") var storage: String
    @Option(help: "Who runs the import, for the audit log (default: $USER).") var actor: String?
    @Argument(help: "The community's id, as in communities:.") var community: String
    @Argument(help: "The folder holding residents.csv, vehicles.csv, visitors.csv, watch.csv and the photos.") var folder: String

    func run() async throws {
        let path = storage
        let config = try await Blocking.run { try ServeConfig(path: path) }
        guard config.communities.contains(where: { $0.id == community }) else {
            let known = config.communities.map(\.id).joined(separator: ", ")
            throw CommandFailure("\(storage): no community '\(community)' in communities: (\(known.isEmpty ? "none" : known))")
        }
        var reader = RegisterFiles(community: community, folder: URL(fileURLWithPath: folder))
        let batch = try reader.read(enrolment: try Self.enrolment())
        let result: Imported
        if let postgres = config.storage.postgres {
            let configuration = try PostgresStore.Configuration(url: postgres.url, password: postgres.password)
            var logger = Logger(label: "sharpeyes.store")
            logger.logLevel = .critical
            result = try await PostgresStore.withStore(configuration, logger: logger) { [reader] store in
                try await importing(batch, reader, into: store)
            }
        } else {
            result = try await importing(batch, reader, into: try IncidentStore(path: config.storage.database).async)
        }
        for refusal in result.refusals { FileHandle.standardError.write(Data("refused: \(refusal)\n".utf8)) }
        print("imported into \(community): \(result.counts); \(result.refusals.count) line(s) refused")
        if !result.refusals.isEmpty { throw ExitCode(1) }
    }

    private struct Imported: Sendable {
        var counts: String
        var refusals: [String]
    }

    /// Stores the batch, then the watches (their residents found among those stored), and audits the import.
    private func importing(_ batch: RegisterBatch, _ reader: RegisterFiles, into store: any CommunityStore & AccessStore)
        async throws -> Imported {
        var reader = reader
        let stored = try await store.addToRegister(batch)
        var watches = RegisterBatch(community: community)
        watches.watches = try await reader.watches(in: store)
        if !watches.isEmpty { _ = try await store.addToRegister(watches) }
        let counts = "\(stored.residents.count) resident(s), \(stored.vehicles.count) vehicle(s), \(stored.passes.count) visitor pass(es), "
            + "\(watches.watches.count) watch(es)"
        let rows = stored.residents.count + stored.vehicles.count + stored.passes.count + watches.watches.count
        try await store.audit(auditEntry(counts: counts, rows: rows, refused: reader.refusals.count))
        return Imported(counts: counts, refusals: reader.refusals)
    }

    private static func enrolment() throws -> Enrolment {
        let models = ModelPaths.default
        try models.checkFaceModels()
        return Enrolment(engine: try FaceEngine(models: models))
    }

    private func auditEntry(counts: String, rows: Int, refused: Int) -> AuditEntry {
        let filters = ["community": community, "folder": folder, "imported": counts, "refused": "\(refused)"]
        let text = (try? JSONSerialization.data(withJSONObject: filters, options: [.sortedKeys]))
            .flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
        let who = actor ?? ProcessInfo.processInfo.environment["USER"] ?? "unknown"
        return AuditEntry(tokenId: nil, actor: who, role: "cli", method: "CLI", route: "sharpeyes community import",
                          filters: text, rows: rows, status: refused == 0 ? 200 : 207)
    }
}
