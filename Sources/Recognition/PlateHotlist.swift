public import Incidents
public import Severities

/// Hotlist matching: exact first, then wildcards, then reads that differ from an entry only by the usual OCR
/// confusions (0/D/Q/O, 8/B, 1/I, 2/Z, 5/S, 6/G), up to `maximumConfusions` of them. A real difference
/// (7 for 1, say) never matches: a false alarm sends police to the wrong car.
public struct PlateHotlist: Sendable {
    public struct Entry: Sendable, Equatable {
        /// Normalised plate text; `*` stands for any run of characters, `?` for one.
        public let pattern: String
        public let list: String
        public let reason: String?
        public let severity: Severity

        public init(pattern: String, list: String, reason: String?, severity: Severity) {
            self.pattern = PlateText.normalise(pattern)
            self.list = list
            self.reason = reason
            self.severity = severity
        }
    }

    public struct Match: Sendable, Equatable {
        public let entry: Entry
        /// Characters read differently from the entry, each an OCR confusion (0 for an exact or wildcard match).
        public let confusions: Int
    }

    public let entries: [Entry]
    public let maximumConfusions: Int
    /// Stored entries left out because they fail the checks every way in applies (a `*` row written to the
    /// database by hand would match every plate): why, one line each.
    public let refused: [String]

    public init(entries: [Entry], maximumConfusions: Int = 1, refused: [String] = []) {
        self.entries = entries
        self.maximumConfusions = maximumConfusions
        self.refused = refused
    }

    /// The stored hotlist, each entry checked again as `PlateListing` checks new ones.
    public init(store: IncidentStore, maximumConfusions: Int = 1) throws {
        self.init(rows: try store.plateHotlist(), maximumConfusions: maximumConfusions)
    }

    /// The same from rows as any store returns them.
    public init(rows: [WatchlistPlate], maximumConfusions: Int = 1) {
        var entries: [Entry] = [], refused: [String] = []
        for row in rows {
            let entry = Entry(pattern: row.pattern, list: row.list, reason: row.reason, severity: row.severity)
            do { try PlateText.checkEntry(entry.pattern) } catch {
                refused.append("hotlist entry \(row.id ?? 0) left out: \(error.message)")
                continue
            }
            entries.append(entry)
        }
        self.init(entries: entries, maximumConfusions: maximumConfusions, refused: refused)
    }

    /// The best entry for a read: an exact match, else a wildcard match, else the fewest confusions.
    public func match(_ read: String) -> Match? {
        let plate = PlateText.normalise(read)
        if let exact = entries.first(where: { $0.pattern == plate }) { return Match(entry: exact, confusions: 0) }
        if let wild = entries.first(where: { $0.pattern.contains(where: { $0 == "*" || $0 == "?" }) && Self.wildcard($0.pattern, plate) }) {
            return Match(entry: wild, confusions: 0)
        }
        return entries.compactMap { entry in
            PlateConfusions.count(between: entry.pattern, and: plate).flatMap { $0 <= maximumConfusions ? Match(entry: entry, confusions: $0) : nil }
        }.min { $0.confusions < $1.confusions }
    }

    /// `*` matches any run of characters (also none), `?` exactly one.
    static func wildcard(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern), t = Array(text)
        var i = 0, j = 0, star = -1, mark = 0
        while j < t.count {
            if i < p.count, p[i] == "?" || p[i] == t[j] {
                i += 1; j += 1
            } else if i < p.count, p[i] == "*" {
                star = i; mark = j; i += 1
            } else if star >= 0 {
                i = star + 1; mark += 1; j = mark
            } else {
                return false
            }
        }
        while i < p.count, p[i] == "*" { i += 1 }
        return i == p.count
    }
}
