/// The known key closest to a mistyped one, for `unknown key (did you mean sampling?)`.
enum KeySuggestion {
    static func closest(to key: String, among known: [String]) -> String? {
        guard key.count <= 64 else { return nil }
        // Within 2 edits, or half the candidate's length for long keys (`sampel` → `sampling`).
        let close = known.map { (key: $0, distance: distance(key.lowercased(), $0)) }
            .filter { $0.distance <= max(2, $0.key.count / 2) }
        return close.min { $0.distance < $1.distance }?.key
    }

    /// Levenshtein distance: insertions, deletions and substitutions.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in a.indices {
            var current = [i + 1]
            for j in b.indices {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (a[i] == b[j] ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
