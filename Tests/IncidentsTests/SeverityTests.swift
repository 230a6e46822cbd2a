import Foundation
import GRDB
import Incidents
import Severities
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

    @Test func aTextThatIsNotALevelIsExplained() throws {
        #expect(Severity.problem(with: "high") == nil)
        #expect(Severity.problem(with: "High") == "severity must be low, medium, high or critical, got 'High'")
        #expect(try Severity(parsing: "critical") == .critical)
        #expect { try Severity(parsing: "High") } throws: { ($0 as? Severity.Unknown)?.description == Severity.problem(with: "High") }
    }

    /// A decoded document (JSON, a dispatch rule's YAML) refuses an unknown level with the same words, at its path.
    @Test func decodingAnUnknownLevelSaysWhatIsWrong() {
        #expect { try JSONDecoder().decode([Severity].self, from: Data(#"["low","severe"]"#.utf8)) } throws: { error in
            guard case .dataCorrupted(let context) = error as? DecodingError else { return false }
            return context.debugDescription == "severity must be low, medium, high or critical, got 'severe'"
                && context.codingPath.map(\.intValue) == [1]
        }
    }

    /// The column holds the same text as before the type existed, and reads back as the level.
    @Test func theDatabaseHoldsTheText() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (severity TEXT NOT NULL)")
            try db.execute(sql: "INSERT INTO t VALUES (?)", arguments: [Severity.critical])
            #expect(try String.fetchOne(db, sql: "SELECT severity FROM t") == "critical")
            #expect(try Severity.fetchOne(db, sql: "SELECT severity FROM t") == .critical)
            #expect(Severity.fromDatabaseValue("severe".databaseValue) == nil)
            // A text written by hand past every way in is an error to the read, not a trap.
            #expect(throws: (any Error).self) { try Severity.fetchOne(db, sql: "SELECT 'severe'") }
        }
    }

    /// A hotlist row whose severity was written by hand, past every check, makes the read fail with an error.
    @Test func aStoredUnknownLevelIsAReadErrorNotATrap() throws {
        let store = try IncidentStore()
        try store.writer.write { db in
            try db.execute(sql: """
                INSERT INTO watchlistPlate (pattern, list, reason, severity, createdAt) VALUES ('黑A12345', 'h', NULL, 'severe', ?)
                """, arguments: [Date()])
        }
        #expect(throws: (any Error).self) { try store.plateHotlist() }
    }
}
