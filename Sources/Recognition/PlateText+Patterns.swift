/// Which hotlist entries may be listed: a plate, or a wildcard pattern narrow enough to mean one plate or a few.
extension PlateText {
    /// Plate characters a pattern needs besides `*` and `?`: `*`, `?*` or `黑*` would raise an incident for almost
    /// every car that passes.
    public static let minimumPatternCharacters = 3
    /// The longest pattern accepted, wildcards included (a plate has at most 8 characters).
    public static let maximumPatternLength = 16

    /// Refuses a normalised hotlist entry that is not a Chinese plate, or, when it holds `*` or `?`, one with fewer
    /// than ``minimumPatternCharacters`` plate characters, characters no plate has, or more than a plate can match.
    public static func checkEntry(_ pattern: String) throws(RecognitionError) {
        let literals = pattern.filter { $0 != "*" && $0 != "?" }
        guard literals.count < pattern.count else {
            guard kind(of: pattern) != nil else {
                throw RecognitionError.badInput(
                    "'\(pattern)' is not a Chinese plate (province, letter, 5 characters; 6 for new energy)")
            }
            return
        }
        if let odd = literals.first(where: { !isPlateCharacter($0) }) {
            throw RecognitionError.badInput("'\(pattern)': '\(odd)' is not a character of a plate")
        }
        guard literals.count >= minimumPatternCharacters else {
            throw RecognitionError.badInput("'\(pattern)' would match almost every plate: give at least "
                + "\(minimumPatternCharacters) of its characters besides * and ?")
        }
        guard pattern.count <= maximumPatternLength, pattern.filter({ $0 != "*" }).count <= 8 else {
            throw RecognitionError.badInput("'\(pattern)' is longer than any plate")
        }
    }

    static func isPlateCharacter(_ character: Character) -> Bool {
        provinces.contains(character) || suffixes.contains(character) || serial.contains(character)
            || character == "I" || character == "O"
    }
}
