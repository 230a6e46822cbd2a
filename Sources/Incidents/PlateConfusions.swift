/// The characters plate OCR mixes up (0/D/Q/O, 8/B, 1/I, 2/Z, 5/S, 6/G): the hotlist forgives them when it matches a
/// read, and the history search forgives them when an investigator asks for a plate "as the hotlist matches".
///
/// The `plateRead` trigger (migration v7) holds a frozen SQL copy of `canonical`: a change to `classes` must come with
/// a new migration that recreates the trigger and refills `plateRead.canonical` (a test compares the two).
public enum PlateConfusions {
    public static let classes: [Set<Character>] = [Set("0DQO"), Set("8B"), Set("1I"), Set("2Z"), Set("5S"), Set("6G")]

    /// Each confusable character replaced by the first of its class: two reads that differ only by confusions have
    /// the same canonical form. Stored beside every plate read so a fuzzy search is an index lookup.
    public static func canonical(_ text: String) -> String {
        String(text.map { character in classes.first { $0.contains(character) }.map(representative) ?? character })
    }

    /// How many positions differ, if every difference is an OCR confusion; nil otherwise (or for wildcard patterns).
    public static func count(between pattern: String, and plate: String) -> Int? {
        let a = Array(pattern), b = Array(plate)
        guard a.count == b.count, !pattern.contains("*"), !pattern.contains("?") else { return nil }
        var count = 0
        for (x, y) in zip(a, b) where x != y {
            guard classes.contains(where: { $0.contains(x) && $0.contains(y) }) else { return nil }
            count += 1
        }
        return count
    }

    private static func representative(_ set: Set<Character>) -> Character {
        // The digit of each class ("0DQO" → 0): what a plate most often holds at a confusable position.
        set.first { $0.isNumber } ?? set.sorted()[0]
    }
}
