/// A plate an investigator asks for: exact text, a `*`/`?` wildcard pattern, or the text "as the hotlist matches"
/// (up to `confusions` OCR confusions, see `PlateConfusions`). Every form matches any text a pass was read as (the
/// voted label and each variant read), through the `plateRead` table's indexes.
public struct PlateQuery: Sendable, Equatable, CustomStringConvertible {
    public enum Mode: Sendable, Equatable {
        case exact, wildcard
        case fuzzy(confusions: Int)
    }

    public let text: String
    public let mode: Mode

    /// The most confusions a fuzzy query may allow: each one multiplies the texts looked up.
    public static let maximumConfusions = 2
    static let maximumLength = 16

    /// Checks the text: letters, digits and Chinese characters, with `*` and `?` as wildcards (a wildcard cannot
    /// also be fuzzy). Lower case is read as upper case.
    public init(_ raw: String, fuzzy: Int = 0) throws(HistoryQueryError) {
        let text = raw.uppercased().filter { $0 != " " && $0 != "-" && $0 != "·" }
        guard !text.isEmpty, text.count <= Self.maximumLength else {
            throw .invalid("plate", "must be 1 to \(Self.maximumLength) characters")
        }
        guard text.allSatisfy({ $0 == "*" || $0 == "?" || Self.isPlateCharacter($0) }) else {
            throw .invalid("plate", "may hold only letters, digits, Chinese characters and the wildcards * and ?")
        }
        guard (0...Self.maximumConfusions).contains(fuzzy) else {
            throw .invalid("fuzzy", "must be 0 to \(Self.maximumConfusions) confusions")
        }
        let wild = text.contains { $0 == "*" || $0 == "?" }
        if wild && fuzzy > 0 { throw .invalid("fuzzy", "cannot be combined with a wildcard plate") }
        if wild && text.allSatisfy({ $0 == "*" || $0 == "?" }) {
            throw .invalid("plate", "a pattern needs at least one character besides * and ?")
        }
        self.text = text
        mode = wild ? .wildcard : fuzzy > 0 ? .fuzzy(confusions: fuzzy) : .exact
    }

    public var description: String {
        switch mode {
        case .exact, .wildcard: text
        case .fuzzy(let confusions): "\(text)~\(confusions)"
        }
    }

    /// Every text within the allowed confusions of `text` (itself included): a fuzzy query becomes an `IN` lookup.
    func variants() -> [String] {
        guard case .fuzzy(let confusions) = mode else { return [text] }
        var found: Set<String> = [text]
        var frontier: Set<String> = [text]
        for _ in 0..<confusions {
            var next: Set<String> = []
            for candidate in frontier {
                let characters = Array(candidate)
                for (index, character) in characters.enumerated() {
                    guard let group = PlateConfusions.classes.first(where: { $0.contains(character) }) else { continue }
                    for other in group where other != character {
                        var changed = characters
                        changed[index] = other
                        next.insert(String(changed))
                    }
                }
            }
            frontier = next.subtracting(found)
            found.formUnion(next)
        }
        return found.sorted()
    }

    /// The SQL condition on a text column and its arguments (GLOB is SQLite's own `*`/`?` matching, and uses an
    /// index for the characters before the first wildcard).
    func condition(on column: String) -> (sql: String, arguments: [String]) {
        switch mode {
        case .exact: return ("\(column) = ?", [text])
        case .wildcard: return ("\(column) GLOB ?", [text])
        case .fuzzy:
            let all = variants()
            return ("\(column) IN (\(all.map { _ in "?" }.joined(separator: ",")))", all)
        }
    }

    private static func isPlateCharacter(_ character: Character) -> Bool {
        if character.isASCII { return character.isLetter || character.isNumber }
        // Province, special-use and new-energy characters of Chinese plates (黑, 京, 使, 领, 警, 学, 挂…).
        return character.unicodeScalars.allSatisfy { (0x4E00...0x9FFF).contains($0.value) }
    }
}
