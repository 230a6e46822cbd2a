import Foundation
import Incidents
import Recognition

/// The register files of one folder, read line by line: what each good line adds, and why each other line was
/// refused (`residents.csv:4: …`).
struct RegisterFiles: Sendable {
    let community: String
    let folder: URL
    private(set) var refusals: [String] = []
    private var watchLines: [(line: String, resident: String, unit: String?, until: Date)] = []

    init(community: String, folder: URL) {
        self.community = community
        self.folder = folder
    }

    /// Residents (with their faces), vehicles and visitor passes; watches wait for the residents to be stored.
    mutating func read(enrolment: Enrolment) throws -> RegisterBatch {
        var batch = RegisterBatch(community: community)
        for (line, fields) in try rows("residents.csv", columns: ["name", "unit", "photo"]) {
            guard let faces = faces(fields["photo"], line: line, enrolment: enrolment, required: true) else { continue }
            guard let name = nonEmpty(fields["name"], "name", line), let unit = nonEmpty(fields["unit"], "unit", line) else { continue }
            batch.residents.append((CommunityResident(community: community, name: name, unit: unit), faces))
        }
        for (line, fields) in try rows("vehicles.csv", columns: ["plate", "unit"]) {
            guard let plate = nonEmpty(fields["plate"], "plate", line), let unit = nonEmpty(fields["unit"], "unit", line) else { continue }
            batch.vehicles.append(CommunityVehicle(community: community, plate: plate, unit: unit))
        }
        for (line, fields) in try rows("visitors.csv", columns: ["name", "host_unit", "plate", "photo", "valid_from", "valid_until"]) {
            if let pass = visitor(fields, line: line, enrolment: enrolment) { batch.passes.append(pass) }
        }
        for (line, fields) in try rows("watch.csv", columns: ["resident", "until", "unit"]) {
            guard let resident = nonEmpty(fields["resident"], "resident", line), let until = date(fields["until"], "until", line) else { continue }
            watchLines.append((line, resident, fields["unit"].flatMap { $0.isEmpty ? nil : $0 }, until))
        }
        return batch
    }

    /// The watches of `watch.csv`, each resident found by name (and unit) among those stored.
    mutating func watches(in store: any CommunityStore) async throws -> [CommunityWatch] {
        var watches: [CommunityWatch] = []
        for entry in watchLines {
            let found = try await store.residents(community: community, named: entry.resident, unit: entry.unit)
            guard found.count == 1, let id = found[0].id else {
                refusals.append("\(entry.line): \(found.isEmpty ? "no resident" : "\(found.count) residents") named '\(entry.resident)'"
                                + (entry.unit.map { " in unit \($0)" } ?? "") + (found.count > 1 ? ": give the unit as a third column" : ""))
                continue
            }
            watches.append(CommunityWatch(residentId: id, until: entry.until))
        }
        return watches
    }

    private mutating func visitor(_ fields: [String: String], line: String, enrolment: Enrolment) -> (pass: CommunityVisitorPass, faces: [Data])? {
        let plate = fields["plate"].flatMap { $0.isEmpty ? nil : $0 }
        let photo = fields["photo"].flatMap { $0.isEmpty ? nil : $0 }
        guard plate != nil || photo != nil else {
            refusals.append("\(line): a visitor needs a plate or a photo")
            return nil
        }
        guard let host = nonEmpty(fields["host_unit"], "host_unit", line),
              let from = date(fields["valid_from"], "valid_from", line), let until = date(fields["valid_until"], "valid_until", line),
              let faces = faces(photo, line: line, enrolment: enrolment, required: false) else { return nil }
        guard from < until else {
            refusals.append("\(line): valid_from is not before valid_until")
            return nil
        }
        let name = fields["name"].flatMap { $0.isEmpty ? nil : $0 }
        return (CommunityVisitorPass(community: community, name: name, hostUnit: host, plate: plate, validFrom: from, validUntil: until), faces)
    }

    /// The embeddings of a `;`-separated list of photos (each must show one face); nil when one was refused.
    private mutating func faces(_ photos: String?, line: String, enrolment: Enrolment, required: Bool) -> [Data]? {
        let names = (photos ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if names.isEmpty && required {
            refusals.append("\(line): photo is empty (a resident is recognised by their face)")
            return nil
        }
        var faces: [Data] = []
        for name in names {
            let path = name.hasPrefix("/") ? name : folder.appendingPathComponent(name).path
            do { faces.append(try enrolment.sample(from: path).embedding) } catch {
                refusals.append("\(line): \(error)")
                return nil
            }
        }
        return faces
    }

    private mutating func nonEmpty(_ value: String?, _ column: String, _ line: String) -> String? {
        guard let value, !value.isEmpty else {
            refusals.append("\(line): \(column) is empty")
            return nil
        }
        return value
    }

    private mutating func date(_ value: String?, _ column: String, _ line: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        guard let value, let date = formatter.date(from: value) ?? Self.day(value) else {
            refusals.append("\(line): \(column) '\(value ?? "")' is not a time (2026-12-31T18:00:00+08:00) or a day (2026-12-31)")
            return nil
        }
        return date
    }

    /// A day alone means its start in China Standard Time (the register's zone).
    private static func day(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.date(from: text)
    }

    /// The data lines of `name` (absent: none) as `file:line` and fields by column; a header line naming the
    /// columns is required, so a file in another layout is refused whole rather than read wrongly.
    private mutating func rows(_ name: String, columns: [String]) throws -> [(String, [String: String])] {
        let url = folder.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else { return [] }
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        guard size <= 64 << 20 else { throw CommandFailure("\(name): over 64 MiB; split it") }
        guard let text = String(data: try Data(contentsOf: url), encoding: .utf8) else { throw CommandFailure("\(name): not UTF-8 text") }
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init).enumerated()
            .filter { !$0.element.trimmingCharacters(in: .whitespaces).isEmpty && !$0.element.hasPrefix("#") }.makeIterator()
        guard let header = lines.next() else { return [] }
        let names = CSVLine.fields(header.element).map { $0.lowercased() }
        let missing = columns.prefix(columns.count == 3 && name == "watch.csv" ? 2 : columns.count).filter { !names.contains($0) }
        guard missing.isEmpty else {
            throw CommandFailure("\(name):\(header.offset + 1): the header must name the columns \(columns.joined(separator: ",")); missing \(missing.joined(separator: ", "))")
        }
        var rows: [(String, [String: String])] = []
        while let (offset, line) = lines.next() {
            let fields = CSVLine.fields(line)
            guard fields.count <= names.count else {
                refusals.append("\(name):\(offset + 1): \(fields.count) fields, the header has \(names.count)")
                continue
            }
            rows.append(("\(name):\(offset + 1)", Dictionary(zip(names, fields), uniquingKeysWith: { first, _ in first })))
        }
        return rows
    }
}

/// One CSV line's fields: comma-separated, `"quoted"` where a field holds a comma (`""` for a quote), trimmed.
enum CSVLine {
    static func fields(_ line: String) -> [String] {
        var fields: [String] = [], current = "", quoted = false
        let characters = Array(line)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if quoted, character == "\"" {
                let doubled = index + 1 < characters.count && characters[index + 1] == "\""
                if doubled { current.append("\"") } else { quoted = false }
                index += doubled ? 2 : 1
                continue
            }
            if quoted { current.append(character) }
            else if character == "\"" { quoted = true }
            else if character == "," { fields.append(current.trimmingCharacters(in: .whitespaces)); current = "" }
            else { current.append(character) }
            index += 1
        }
        fields.append(current.trimmingCharacters(in: .whitespaces))
        return fields
    }
}
