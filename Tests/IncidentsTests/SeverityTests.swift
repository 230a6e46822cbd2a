import Foundation
import Incidents
import Testing

struct SeverityTests {
    @Test func levelsAreOrderedAndKeepTheirTexts() throws {
        #expect(Severity.allCases.sorted() == [.low, .medium, .high, .critical])
        #expect(Severity.critical > .high && Severity.low < .medium)
        #expect(Severity.names == "low, medium, high, critical")
        let json = try JSONEncoder().encode([Severity.high, .critical])
        #expect(String(decoding: json, as: UTF8.self) == #"["high","critical"]"#)
        #expect(try JSONDecoder().decode([Severity].self, from: Data(#"["low"]"#.utf8)) == [.low])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Severity.self, from: Data(#""severe""#.utf8)) }
    }

    @Test func aTextThatIsNotALevelIsExplained() {
        #expect(Severity.problem(with: "high") == nil)
        #expect(Severity.problem(with: "High") == "severity must be low, medium, high or critical, got 'High'")
    }
}
