import Recognition
import Testing

/// Which hotlist entries may be listed.
struct PlatePatternTests {
    @Test(arguments: ["黑A12345", "辽B*88", "黑A*23*", "京FK535?", "粤B?????学", "*A123*"])
    func platesAndNarrowPatternsAreAccepted(pattern: String) throws {
        try PlateText.checkEntry(pattern)
    }

    @Test(arguments: [
        ("*", "would match almost every plate"), ("?*", "would match almost every plate"),
        ("黑*", "would match almost every plate"), ("*A1", "would match almost every plate"),
        ("XYZ", "is not a Chinese plate"), ("黑A1#*", "'#' is not a character of a plate"),
        ("黑A1?????????", "is longer than any plate"), ("黑A1" + String(repeating: "*", count: 20), "is longer than any plate"),
    ])
    func broadOrImpossiblePatternsAreRefused(pattern: String, message: String) {
        #expect(throws: RecognitionError.self) { try PlateText.checkEntry(pattern) }
        do { try PlateText.checkEntry(pattern) } catch { #expect(error.message.contains(message), "\(error.message)") }
    }
}
