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

        func run() async throws {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { fail("cannot read \(file)") }
            var entries: [WatchlistPlate] = []
            for (number, line) in text.split(whereSeparator: \.isNewline).enumerated() {
                let fields = CSV.fields(of: String(line))
                if number == 0, fields.first?.lowercased() == "plate" { continue }
                guard fields.count >= 2 else { fail("\(file) line \(number + 1): need at least plate,reason") }
                do {
                    entries.append(try PlateEntry.make(fields[0], reason: fields[1], severity: fields.count > 2 ? fields[2] : "high",
                                                       list: fields.count > 3 ? fields[3] : "hotlist"))
                } catch { fail("\(file) line \(number + 1): \(error)") }
            }
            do { try IncidentStore(path: store.db).listPlates(entries) } catch { fail("\(error)") }
            print("listed \(entries.count) plate(s) from \(file)")
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

/// Checks one hotlist line: a valid Chinese plate, or a wildcard pattern; a known severity.
enum PlateEntry {
    static func make(_ text: String, reason: String, severity: String, list: String) throws -> WatchlistPlate {
        let pattern = PlateText.normalise(text)
        let wildcard = pattern.contains("*") || pattern.contains("?")
        guard !pattern.isEmpty, wildcard || PlateText.kind(of: pattern) != nil else {
            throw ValidationError("'\(text)' is not a Chinese plate (province, letter, 5 characters; 6 for new energy)")
        }
        try Severity.check(severity)
        let reason = reason.trimmingCharacters(in: .whitespaces)
        guard !reason.isEmpty else { throw ValidationError("give a reason for listing \(pattern)") }
        return WatchlistPlate(pattern: pattern, list: list, reason: reason, severity: severity)
    }
}

/// Comma-separated fields with double-quoted fields ("" inside quotes is a quote).
enum CSV {
    static func fields(of line: String) -> [String] {
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
