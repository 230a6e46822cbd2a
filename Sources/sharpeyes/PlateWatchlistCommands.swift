import ArgumentParser
import Foundation
import Incidents
import Recognition

extension SharpEyes.Watchlist {
    struct AddPlate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-plate",
            abstract: "Put a plate on the hotlist; `*` and `?` are wildcards (黑A*23*).")

        @Argument(help: "The plate, e.g. 黑A12345.") var plate: String
        @Option(help: "Why it is listed: stolen, wanted … (never shown to community forces).") var reason: String
        @Option(help: "Severity of a hit: low, medium, high or critical.") var severity = "high"
        @Option(help: "The hotlist's name.") var list = "hotlist"
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let entry: WatchlistPlate
            do { entry = try PlateEntry.make(plate, reason: reason, severity: severity, list: list) } catch { fail("\(error)") }
            do { try IncidentStore(path: store.db).listPlates([entry]) } catch { fail("\(error)") }
            print("listed \(entry.pattern) on \(entry.list) (\(entry.severity)): \(reason)")
        }
    }

    struct ImportPlates: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-plates",
            abstract: "Import a CSV hotlist: plate,reason[,severity[,list]] per line (a header line is skipped).")

        @Argument(help: "The CSV file.") var file: String
        @OptionGroup var store: StoreOptions

        /// Hotlists of a few hundred thousand plates fit; a file larger than this is refused unread.
        static let sizeLimit = 64 << 20

        func run() async throws {
            let rows: [(number: Int, text: String)]
            do { rows = TextFile.lines(of: try TextFile.read(file, limit: Self.sizeLimit)) } catch { fail("\(error)") }
            var entries: [WatchlistPlate] = [], listed = Set<String>(), duplicates = 0
            for (index, row) in rows.enumerated() {
                let fields = CSV.fields(of: row.text)
                if index == 0, fields.first?.lowercased() == "plate" { continue }
                let entry: WatchlistPlate
                do { entry = try Self.entry(fields, line: row.text) } catch { fail("\(file) line \(row.number): \(error)") }
                // A repeated plate would overwrite the first row's reason and be counted twice: the first row stands.
                guard listed.insert(entry.pattern).inserted else { duplicates += 1; continue }
                entries.append(entry)
            }
            do { try IncidentStore(path: store.db).listPlates(entries) } catch { fail("\(error)") }
            let ignored = duplicates == 0 ? "" : " (\(duplicates) duplicate row\(duplicates == 1 ? "" : "s") ignored)"
            print("listed \(entries.count) plate(s) from \(file)\(ignored)")
        }

        private static func entry(_ fields: [String], line: String) throws -> WatchlistPlate {
            if let problem = TextFile.controlCharacter(in: line) { throw ValidationError(problem) }
            guard fields.count >= 2 else { throw ValidationError("need at least plate,reason") }
            return try PlateEntry.make(fields[0], reason: fields[1], severity: fields.count > 2 ? fields[2] : "high",
                                       list: fields.count > 3 ? fields[3] : "hotlist")
        }
    }

    struct RemovePlate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove-plate", abstract: "Take a plate off the hotlist.")
        @Argument var plate: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let pattern = PlateText.normalise(plate)
            let removed: Bool
            do { removed = try IncidentStore(path: store.db).removePlate(pattern) } catch { fail("\(error)") }
            guard removed else { fail("\(pattern) is not on the hotlist") }
            print("removed \(pattern)")
        }
    }
}

/// Checks one hotlist line: a valid Chinese plate, or a narrow wildcard pattern; a known severity; no control
/// characters.
enum PlateEntry {
    static func make(_ text: String, reason: String, severity: String, list: String) throws -> WatchlistPlate {
        for (name, value) in [("plate", text), ("reason", reason), ("list", list)] {
            if let problem = TextFile.controlCharacter(in: value) { throw ValidationError("\(name): \(problem)") }
        }
        let pattern = PlateText.normalise(text)
        do { try PlateText.checkEntry(pattern) } catch { throw ValidationError(error.message) }
        try Severity.check(severity)
        let reason = reason.trimmingCharacters(in: .whitespaces)
        guard !reason.isEmpty else { throw ValidationError("give a reason for listing \(pattern)") }
        return WatchlistPlate(pattern: pattern, list: list, reason: reason, severity: severity)
    }
}

/// Comma-separated fields with double-quoted fields ("" inside quotes is a quote).
enum CSV {
    static func fields(of line: String) -> [String] {
        guard line.utf8.contains(UInt8(ascii: "\"")) else {
            return TextFile.fields(of: line, separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        var fields: [String] = [], field = "", quoted = false
        var characters = line.makeIterator()
        while let character = characters.next() {
            switch (character, quoted) {
            case ("\"", true):
                if let next = characters.next() {
                    if next == "\"" { field.append("\"") } else {
                        quoted = false
                        if next == "," { fields.append(field); field = "" } else { field.append(next) }
                    }
                } else { quoted = false }
            case ("\"", false) where field.isEmpty: quoted = true
            case (",", false): fields.append(field); field = ""
            default: field.append(character)
            }
        }
        fields.append(field)
        return fields.map { $0.trimmingCharacters(in: .whitespaces) }
    }
}
