public import Incidents
import Foundation
import InputSafety
import Severities

/// Hotlist entries as people type them (the CLI, the API): a valid Chinese plate or a narrow wildcard pattern, a
/// known severity, a reason, no control characters. One set of refusals for every way in.
public enum PlateListing {
    /// Why an entry or a line of a hotlist file cannot be listed.
    public struct Refusal: Error, Sendable, CustomStringConvertible {
        public let description: String
        /// The column refused (`plate`, `reason`, `severity`, `list`), when one is.
        public let field: String?
        /// The line of a file the refusal is about (1 is the first).
        public let line: Int?

        init(_ description: String, field: String? = nil, line: Int? = nil) {
            (self.description, self.field, self.line) = (description, field, line)
        }
    }

    public static func entry(_ text: String, reason: String, severity: String = "high",
                             list: String = "hotlist") throws(Refusal) -> WatchlistPlate {
        for (name, value) in [("plate", text), ("reason", reason), ("list", list)] {
            if let problem = TextChecks.controlCharacter(in: value) { throw Refusal("\(name): \(problem)", field: name) }
        }
        let pattern = PlateText.normalise(text)
        do { try PlateText.checkEntry(pattern) } catch { throw Refusal(error.message, field: "plate") }
        let level: Severity
        do { level = try Severity(parsing: severity) } catch { throw Refusal(error.description, field: "severity") }
        let reason = reason.trimmingCharacters(in: .whitespaces)
        guard !reason.isEmpty else { throw Refusal("give a reason for listing \(pattern)", field: "reason") }
        guard !list.isEmpty, list.count <= 64 else { throw Refusal("list: give a name of 1 to 64 characters", field: "list") }
        return WatchlistPlate(pattern: pattern, list: list, reason: reason, severity: level)
    }

    /// What the first column of a header line is called, in English and as Chinese hotlists name it.
    static let headers: Set<String> = ["plate", "车牌", "车牌号", "车牌号码", "号牌", "号牌号码"]

    /// The entries of a CSV hotlist, `plate,reason[,severity[,list]]` per line, a `plate,…` header skipped. A
    /// repeated plate keeps its first row (counted in `duplicates`). The first bad line refuses the whole file,
    /// with its line number: a half-imported hotlist is worse than none.
    public static func csv(_ text: String) throws(Refusal) -> (entries: [WatchlistPlate], duplicates: Int) {
        var entries: [WatchlistPlate] = [], listed = Set<String>(), duplicates = 0
        for (index, row) in TextChecks.lines(of: text).enumerated() {
            let fields = CSVFields.of(row.text)
            if index == 0, let first = fields.first, Self.headers.contains(first.lowercased()) { continue }
            let entry: WatchlistPlate
            do throws(Refusal) {
                if let problem = TextChecks.controlCharacter(in: row.text) { throw Refusal(problem) }
                guard fields.count >= 2 else { throw Refusal("need at least plate,reason") }
                entry = try Self.entry(fields[0], reason: fields[1], severity: fields.count > 2 ? fields[2] : "high",
                                       list: fields.count > 3 ? fields[3] : "hotlist")
            } catch {
                throw Refusal("line \(row.number): \(error)", field: error.field, line: row.number)
            }
            guard listed.insert(entry.pattern).inserted else { duplicates += 1; continue }
            entries.append(entry)
        }
        return (entries, duplicates)
    }
}

/// Comma-separated fields with double-quoted fields ("" inside quotes is a quote).
enum CSVFields {
    static func of(_ line: String) -> [String] {
        guard line.utf8.contains(UInt8(ascii: "\"")) else {
            return TextChecks.fields(of: line, separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
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
