import ArgumentParser
import Foundation
import Incidents
import PostgresStore
import Recognition
import Severities

extension SharpEyes.Watchlist {
    struct AddPlate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-plate",
            abstract: "Put a plate on the hotlist; `*` and `?` are wildcards (黑A*23*).")

        @Argument(help: "The plate, e.g. 黑A12345.") var plate: String
        @Option(help: "Why it is listed: stolen, wanted … (never shown to community forces).") var reason: String
        @Option(help: "Severity of a hit: low, medium, high or critical.") var severity = "high"
        @Option(help: "The hotlist's name.") var list = "hotlist"
        @OptionGroup var store: StorageOptions

        func run() async throws {
            let entry = try PlateListing.entry(plate, reason: reason, severity: severity, list: list)
            try await store.listPlates([entry])
            print("listed \(entry.pattern) on \(entry.list) (\(entry.severity.rawValue)): \(reason)")
        }
    }

    struct ImportPlates: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-plates",
            abstract: "Import a CSV hotlist: plate,reason[,severity[,list]] per line (a header line is skipped).")

        @Argument(help: "The CSV file.") var file: String
        @OptionGroup var store: StorageOptions

        /// Hotlists of a few hundred thousand plates fit; a file larger than this is refused unread.
        static let sizeLimit = 64 << 20

        func run() async throws {
            let text = try TextFile.read(file, limit: Self.sizeLimit)
            let entries: [WatchlistPlate], duplicates: Int
            do { (entries, duplicates) = try PlateListing.csv(text) } catch { throw CommandFailure("\(file) \(error)") }
            try await store.listPlates(entries)
            let ignored = duplicates == 0 ? "" : " (\(duplicates) duplicate row\(duplicates == 1 ? "" : "s") ignored)"
            print("listed \(entries.count) plate(s) from \(file)\(ignored)")
        }
    }

    struct RemovePlate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove-plate", abstract: "Take a plate off the hotlist.")
        @Argument var plate: String
        @OptionGroup var store: StorageOptions

        func run() async throws {
            let pattern = PlateText.normalise(plate)
            let path = try await store.sqlitePath()
            let removed = try await store.onPostgres { try await $0.removePlate(pattern) } ?? IncidentStore(path: path).removePlate(pattern)
            guard removed else { throw CommandFailure("\(pattern) is not on the hotlist") }
            print("removed \(pattern)")
        }
    }
}

extension StorageOptions {
    /// Lists `plates` on whichever store is configured.
    func listPlates(_ plates: [WatchlistPlate]) async throws {
        let path = try await sqlitePath()
        if try await onPostgres({ try await $0.listPlates(plates) }) == nil { try IncidentStore(path: path).listPlates(plates) }
    }
}
